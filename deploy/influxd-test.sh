#!/usr/bin/env bash
# Starts or stops a throw-away InfluxDB 1.x on loopback for the storage tests and benchmarks.
#   deploy/influxd-test.sh start   -> prints QW_TEST_INFLUX_URL=http://127.0.0.1:PORT
#   deploy/influxd-test.sh stop
set -euo pipefail
PORT="${QW_TEST_INFLUX_PORT:-18086}"
STATE="${TMPDIR:-/tmp}/qinwatt-influxd-$PORT"
case "${1:-}" in
start)
  command -v influxd >/dev/null || { echo "influxd not installed (apt-get install influxdb)" >&2; exit 1; }
  if [ -f "$STATE/pid" ] && kill -0 "$(cat "$STATE/pid")" 2>/dev/null; then
    echo "an InfluxDB started by this script already runs on port $PORT (pid $(cat "$STATE/pid"))" >&2
    exit 1
  fi
  rm -rf "$STATE" && mkdir -p "$STATE"
  cat >"$STATE/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$((PORT + 1))"
[meta]
  dir = "$STATE/meta"
[data]
  dir = "$STATE/data"
  wal-dir = "$STATE/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$PORT"
  log-enabled = false
[continuous_queries]
  run-interval = "1s"
CONF
  influxd -config "$STATE/influxdb.conf" >"$STATE/influxd.log" 2>&1 &
  echo $! >"$STATE/pid"
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/ping"; then
      echo "QW_TEST_INFLUX_URL=http://127.0.0.1:$PORT"
      exit 0
    fi
    sleep 0.1
  done
  echo "influxd did not answer /ping; log:" >&2
  cat "$STATE/influxd.log" >&2
  exit 1
  ;;
stop)
  if [ -f "$STATE/pid" ]; then
    kill "$(cat "$STATE/pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$(cat "$STATE/pid")" 2>/dev/null || break; sleep 0.1; done
    rm -rf "$STATE"
  fi
  ;;
*)
  echo "usage: $0 start|stop" >&2
  exit 2
  ;;
esac
