/**
 * MQTT topic layout. One topic per device, plus a gateway topic carrying many devices' readings in one message
 * (as industrial data concentrators do). The platform answers on each device's `errors` topic.
 */
export const TOPIC_ROOT = 'plants';

export const topics = {
  deviceTelemetry: (plantId: string, deviceId: string) => `plants/${plantId}/devices/${deviceId}/telemetry`,
  deviceErrors: (plantId: string, deviceId: string) => `plants/${plantId}/devices/${deviceId}/errors`,
  deviceCommands: (plantId: string, deviceId: string) => `plants/${plantId}/devices/${deviceId}/commands`,
  gatewayTelemetry: (plantId: string, gatewayId: string) => `plants/${plantId}/gateways/${gatewayId}/telemetry`,
  gatewayErrors: (plantId: string, gatewayId: string) => `plants/${plantId}/gateways/${gatewayId}/errors`,
};

export type ParsedTopic =
  { kind: 'device'; plantId: string; deviceId: string } | { kind: 'gateway'; plantId: string; gatewayId: string };

const ID = '[A-Za-z0-9][A-Za-z0-9_.-]{0,63}';
const DEVICE_RE = new RegExp(`^plants/(${ID})/devices/(${ID})/telemetry$`);
const GATEWAY_RE = new RegExp(`^plants/(${ID})/gateways/(${ID})/telemetry$`);

/** Parses a telemetry topic; undefined when the topic is not a telemetry topic. */
export function parseTelemetryTopic(topic: string): ParsedTopic | undefined {
  let m = DEVICE_RE.exec(topic);
  if (m) return { kind: 'device', plantId: m[1], deviceId: m[2] };
  m = GATEWAY_RE.exec(topic);
  if (m) return { kind: 'gateway', plantId: m[1], gatewayId: m[2] };
  return undefined;
}

export const ID_PATTERN = new RegExp(`^${ID}$`);

/**
 * MQTT credentials: username `{plantId}/{deviceId}` for a device, `{plantId}/{gatewayId}` for a gateway
 * (device and gateway ids share one namespace per plant); the password is the device's secret.
 */
export const mqttUsername = (plantId: string, id: string) => `${plantId}/${id}`;

const TAG = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * MQTT client id of an identity: its user name, or `{user name}/{tag}` when one identity needs several sessions at
 * once (a tool, a second firmware task). The broker refuses any other client id from that identity, so no device can
 * end another's session by borrowing its client id (MQTT-3.1.4-2 lets a CONNECT with a live client id take it over).
 */
export function mqttClientId(username: string, tag?: string): string {
  if (tag === undefined) return username;
  const safe = tag.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || '_';
  return `${username}/${safe}`;
}

/** True when an identity logging in as `username` may use `clientId` (see mqttClientId). */
export function clientIdBelongsTo(clientId: string, username: string): boolean {
  if (clientId === username) return true;
  return clientId.startsWith(`${username}/`) && TAG.test(clientId.slice(username.length + 1));
}
