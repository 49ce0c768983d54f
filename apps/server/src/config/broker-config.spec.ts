import { loadConfig } from './config.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    return (e as { problems: string[] }).problems;
  }
};

describe('external-broker settings', () => {
  it('are checked together, every problem at once', () => {
    expect(problems({ QW_MQTT_BROKER: 'external', QW_MQTT_SHARE_GROUP: 'a/b' })).toEqual([
      expect.stringContaining('QW_MQTT_BROKER_URL is required'),
      expect.stringContaining('QW_MQTT_SHARE_GROUP="a/b"'),
    ]);
    expect(problems({ QW_MQTT_BROKER_DYNSEC: 'true' })).toEqual([
      'QW_MQTT_BROKER_DYNSEC=true needs QW_MQTT_BROKER=external',
      expect.stringContaining('needs QW_MQTT_BROKER_USERNAME'),
    ]);
  });

  it('default to the embedded broker', () => {
    expect(loadConfig({}).mqttBroker).toBe('embedded');
    expect(problems({ QW_MQTT_BROKER: 'external', QW_MQTT_BROKER_URL: 'mqtt://127.0.0.1:1883' })).toEqual([]);
  });
});
