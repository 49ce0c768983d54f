#!/usr/bin/env bash
# `npm test`: installs what the tests need, lints, builds, starts a throw-away InfluxDB and PostgreSQL (unless
# QW_TEST_INFLUX_URL / QW_TEST_POSTGRES_URL name them), runs every test, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/test-deps.sh
stops=()
cleanup() { for s in "${stops[@]}"; do $s || true; done; }
trap cleanup EXIT
# the build runs beside the lint (whose checks take both cores only until the shorter ones end); it is quiet unless
# it fails, and its exit code is checked before anything runs on dist/ (a failed lint waits for it, leaving nothing
# running behind)
npm run build &
build=$!
stops+=("wait $build")
npm run lint
wait "$build"
if [ -z "${QW_TEST_INFLUX_URL:-}" ]; then
  # the first free pair of ports from 18086 (HTTP, and the next one for influxd's own RPC), so that a second
  # checkout's tests, or an InfluxDB already running there, are left alone
  port="${QW_TEST_INFLUX_PORT:-18086}"
  while (: >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || (: >"/dev/tcp/127.0.0.1/$((port + 1))") 2>/dev/null; do
    port=$((port + 2))
  done
  export QW_TEST_INFLUX_PORT="$port"
  eval "export $(deploy/influxd-test.sh start)"
  stops+=('deploy/influxd-test.sh stop')
  echo "test: InfluxDB 1.x at $QW_TEST_INFLUX_URL"
fi
if [ -z "${QW_TEST_POSTGRES_URL:-}" ]; then
  port="${QW_TEST_POSTGRES_PORT:-15432}"
  while (: >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  export QW_TEST_POSTGRES_PORT="$port"
  eval "export $(deploy/postgres-test.sh start)"
  stops+=('deploy/postgres-test.sh stop')
  echo "test: PostgreSQL at $QW_TEST_POSTGRES_URL"
fi
npm run test:jest -- "$@"
