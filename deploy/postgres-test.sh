#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL on loopback for the state-store tests (Debian's postgresql package).
#   deploy/postgres-test.sh start   -> prints QW_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/postgres
#   deploy/postgres-test.sh stop
# PostgreSQL refuses to run as root, so as root the cluster is made and run by the `postgres` user.
# QW_TEST_POSTGRES_DURABLE=1 keeps PostgreSQL's own durability settings (fsync, synchronous commit), for
# measurements (npm run bench:capacity); tests leave them off.
set -euo pipefail
PORT="${QW_TEST_POSTGRES_PORT:-15432}"
STATE="${TMPDIR:-/tmp}/qinwatt-postgres-$PORT"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
start)
  [ -x "$bindir/pg_ctl" ] || { echo "PostgreSQL not installed (apt-get install postgresql)" >&2; exit 1; }
  if [ -f "$STATE/data/postmaster.pid" ] && kill -0 "$(head -1 "$STATE/data/postmaster.pid")" 2>/dev/null; then
    echo "a PostgreSQL started by this script already runs on port $PORT" >&2
    exit 1
  fi
  rm -rf "$STATE" && mkdir -p "$STATE"
  [ "$(id -u)" -eq 0 ] && chown postgres "$STATE"
  as_pg "$bindir/initdb" -D "$STATE/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 ||
    { cat "$STATE/initdb.log" >&2; exit 1; }
  # a test server: loopback only, no durability work it does not need, its socket in its own directory
  fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${QW_TEST_POSTGRES_DURABLE:-}" = 1 ] && fast=""
  as_pg "$bindir/pg_ctl" -D "$STATE/data" -l "$STATE/postgres.log" -w -t 30 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $STATE $fast -c max_connections=200" >/dev/null ||
    { cat "$STATE/postgres.log" >&2; exit 1; }
  echo "QW_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
  ;;
stop)
  if [ -d "$STATE/data" ]; then
    as_pg "$bindir/pg_ctl" -D "$STATE/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$STATE"
  fi
  ;;
*)
  echo "usage: $0 start|stop" >&2
  exit 2
  ;;
esac
