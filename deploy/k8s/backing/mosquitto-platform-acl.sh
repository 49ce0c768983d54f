#!/bin/sh
# Gives qinwatt's account on Mosquitto the role it needs as the platform (docs/scale-out.md, External broker):
# consume the shared subscription, receive telemetry, publish error notices. Run once the broker is up, as the
# dynamic-security admin; running it again changes nothing (a role or ACL that exists stays as it is).
# env: MQTT_HOST, MQTT_PORT (1883), MQTT_ADMIN_USER (qinwatt), MQTT_ADMIN_PASSWORD, SHARE_GROUP (qinwatt)
set -u
g="${SHARE_GROUP:-qinwatt}"
user="${MQTT_ADMIN_USER:-qinwatt}"
ctl() { mosquitto_ctrl -h "$MQTT_HOST" -p "${MQTT_PORT:-1883}" -u "$user" -P "$MQTT_ADMIN_PASSWORD" dynsec "$@"; }
# mosquitto_ctrl exits 0 even when it could not connect: look for the account in its answer instead
ctl getClient "$user" 2>&1 | grep -q "^Username: $user\$" || {
  echo "cannot reach the broker at $MQTT_HOST as $user" >&2
  exit 1
}
ctl createRole qinwatt-platform 2>/dev/null || true
for acl in \
  "subscribePattern \$share/$g/plants/+/devices/+/telemetry" \
  "subscribePattern \$share/$g/plants/+/gateways/+/telemetry" \
  "publishClientReceive plants/+/devices/+/telemetry" \
  "publishClientReceive plants/+/gateways/+/telemetry" \
  "publishClientSend plants/+/devices/+/errors" \
  "publishClientSend plants/+/gateways/+/errors"; do
  # shellcheck disable=SC2086 # two words: the ACL type and its topic
  ctl addRoleACL qinwatt-platform $acl allow 2>/dev/null || true
done
ctl addClientRole "$user" qinwatt-platform 2>/dev/null || true
ctl getRole qinwatt-platform
