import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives a zero-setup configuration with no environment', () => {
    expect(loadConfig({})).toMatchObject({ httpPort: 3000, mqttPort: 1883, store: 'embedded', demo: true });
  });

  it('lists every problem at once', () => {
    let err: ConfigError | undefined;
    try {
      loadConfig({ QW_HTTP_PORT: 'abc', QW_MQTT_PORT: '70000', QW_STORE: 'mongo', QW_DEMO: 'maybe' });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems).toHaveLength(4);
    expect(err!.message).toContain('QW_HTTP_PORT="abc": expected an integer');
    expect(err!.message).toContain('QW_MQTT_PORT="70000"');
    expect(err!.message).toContain('QW_STORE="mongo": expected one of embedded, influxdb1, influxdb2');
    expect(err!.message).toContain('QW_DEMO="maybe"');
  });

  it('reads a YAML file under the environment, which wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-cfg-'));
    const file = join(dir, 'qinwatt.yaml');
    writeFileSync(file, 'httpPort: 8080\nmqttPort: 1884\ntypo: 1\n');
    expect(() => loadConfig({ QW_CONFIG: file })).toThrow(/unknown setting "typo"/);
    writeFileSync(file, 'httpPort: 8080\nmqttPort: 1884\n');
    expect(loadConfig({ QW_CONFIG: file, QW_MQTT_PORT: '2000' })).toMatchObject({ httpPort: 8080, mqttPort: 2000 });
  });

  it('lists every setting a store adapter lacks, at once', () => {
    expect(() => loadConfig({ QW_STORE: 'influxdb2', QW_INFLUX_URL: 'http://127.0.0.1:8086' })).toThrow(
      expect.objectContaining({
        problems: [
          'QW_INFLUX_ORG is required when QW_STORE=influxdb2',
          'QW_INFLUX_BUCKET is required when QW_STORE=influxdb2',
          'QW_INFLUX_TOKEN is required when QW_STORE=influxdb2',
        ],
      }),
    );
    expect(() => loadConfig({ QW_STORE: 'influxdb1', QW_INFLUX_URL: 'localhost:8086' })).toThrow(
      /QW_INFLUX_URL="localhost:8086": expected http\(s\):\/\/host:port/,
    );
    expect(loadConfig({ QW_STORE: 'influxdb1', QW_INFLUX_URL: 'http://127.0.0.1:8086' })).toMatchObject({
      store: 'influxdb1',
      influxDatabase: 'qinwatt',
    });
  });
});
