/**
 * The settings of external-broker mode (docs/scale-out.md "External broker"): which MQTT front the platform runs,
 * and how it reaches an external MQTT 5 broker. Kept apart from config.ts so each capability's settings stay small.
 */
export interface BrokerConfig {
  mqttBroker: 'embedded' | 'external';
  mqttBrokerUrl: string;
  mqttShareGroup: string;
  mqttBrokerUsername: string;
  mqttBrokerPassword: string;
  mqttBrokerClientId: string;
  mqttBrokerDynsec: boolean;
}

export const BROKER_FIELDS = {
  mqttBroker: {
    env: 'QW_MQTT_BROKER',
    kind: { type: 'enum', values: ['embedded', 'external'] },
    default: 'embedded',
    doc: 'embedded: the built-in broker; external: consume a shared subscription on an MQTT 5 broker (QW_MQTT_BROKER_URL)',
  },
  mqttBrokerUrl: {
    env: 'QW_MQTT_BROKER_URL',
    kind: { type: 'string' },
    default: '',
    doc: 'external broker, mqtt(s)://host:port',
  },
  mqttShareGroup: {
    env: 'QW_MQTT_SHARE_GROUP',
    kind: { type: 'string' },
    default: 'qinwatt',
    doc: 'external broker: shared-subscription group the ingest processes share ($share/{group}/...)',
  },
  mqttBrokerUsername: {
    env: 'QW_MQTT_BROKER_USERNAME',
    kind: { type: 'string' },
    default: '',
    doc: "external broker: the platform's own account",
  },
  mqttBrokerPassword: {
    env: 'QW_MQTT_BROKER_PASSWORD',
    kind: { type: 'string' },
    default: '',
    doc: "external broker: the platform's own account's password",
  },
  mqttBrokerClientId: {
    env: 'QW_MQTT_BROKER_CLIENT_ID',
    kind: { type: 'string' },
    default: '',
    doc: 'external broker: client id of this process (its persistent session); default from the host name and data directory, so a restart resumes its session',
  },
  mqttBrokerDynsec: {
    env: 'QW_MQTT_BROKER_DYNSEC',
    kind: { type: 'bool' },
    default: false,
    doc: "external broker: sync device credentials and ACLs into Mosquitto's dynamic-security plugin (the account must be its admin)",
  },
} as const;

/** Problems of the broker settings taken together. */
export function brokerProblems(c: Partial<BrokerConfig>): string[] {
  const problems: string[] = [];
  if (c.mqttBroker === 'external' && !/^(mqtts?|tcp|tls):\/\/[^/\s]+$/.test(c.mqttBrokerUrl ?? ''))
    problems.push(
      'QW_MQTT_BROKER_URL is required when QW_MQTT_BROKER=external (mqtt://host:port or mqtts://host:port)',
    );
  // MQTT-4.8.2-1: a share name is at least one character and contains no "/", "+" or "#"
  if (c.mqttShareGroup !== undefined && !/^[^/+#]+$/.test(c.mqttShareGroup))
    problems.push(`QW_MQTT_SHARE_GROUP=${JSON.stringify(c.mqttShareGroup)}: no "/", "+" or "#" (MQTT 5 §4.8.2)`);
  if (c.mqttBrokerDynsec && c.mqttBroker !== 'external')
    problems.push('QW_MQTT_BROKER_DYNSEC=true needs QW_MQTT_BROKER=external');
  if (c.mqttBrokerDynsec && !c.mqttBrokerUsername)
    problems.push('QW_MQTT_BROKER_DYNSEC=true needs QW_MQTT_BROKER_USERNAME (an admin of the dynamic-security plugin)');
  return problems;
}
