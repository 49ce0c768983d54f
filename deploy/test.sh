#!/usr/bin/env bash
# `npm test`: installs what the tests need, lints, builds, starts a throw-away InfluxDB (unless QW_TEST_INFLUX_URL
# names one), runs every test, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/test-deps.sh
npm run lint
npm run build
if [ -z "${QW_TEST_INFLUX_URL:-}" ]; then
  eval "export $(deploy/influxd-test.sh start)"
  trap 'deploy/influxd-test.sh stop' EXIT
  echo "test: InfluxDB 1.x at $QW_TEST_INFLUX_URL"
fi
npm run test:jest -- "$@"
