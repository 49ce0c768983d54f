#!/usr/bin/env bash
# `npm test`: installs what the tests need, lints, builds, starts a throw-away InfluxDB (unless QW_TEST_INFLUX_URL
# names one), runs every test, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/test-deps.sh
npm run lint
npm run build
if [ -z "${QW_TEST_INFLUX_URL:-}" ]; then
  # the first free pair of ports from 18086 (HTTP, and the next one for influxd's own RPC), so that a second
  # checkout's tests, or an InfluxDB already running there, are left alone
  port="${QW_TEST_INFLUX_PORT:-18086}"
  while (: >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || (: >"/dev/tcp/127.0.0.1/$((port + 1))") 2>/dev/null; do
    port=$((port + 2))
  done
  export QW_TEST_INFLUX_PORT="$port"
  eval "export $(deploy/influxd-test.sh start)"
  trap 'deploy/influxd-test.sh stop' EXIT
  echo "test: InfluxDB 1.x at $QW_TEST_INFLUX_URL"
fi
npm run test:jest -- "$@"
