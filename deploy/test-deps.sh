#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when missing: InfluxDB 1.x (storage tests), Chromium (browser
# tests), Mosquitto (benchmark smoke run), PostgreSQL (state-store tests), CJK fonts (screenshots that show
# Chinese), openssl (MQTTS test), curl, Redis (scale-out tests).
set -euo pipefail
need=()
command -v influxd >/dev/null || need+=(influxdb)
command -v chromium >/dev/null || need+=(chromium)
command -v mosquitto >/dev/null || need+=(mosquitto)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
command -v curl >/dev/null || need+=(curl)
command -v redis-server >/dev/null || need+=(redis-server)
command -v openssl >/dev/null || need+=(openssl)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "test: missing ${need[*]}; install them (Debian: sudo apt-get install ${need[*]}) and run again" >&2
  exit 1
fi
echo "test: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
