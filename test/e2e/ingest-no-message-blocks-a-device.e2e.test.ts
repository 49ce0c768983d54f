import type { MqttClient } from 'mqtt';
import { topics } from '#contracts';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { INGEST_FLEET, allDeadLetters, connect, motor, spoolDrained, storedReadings } from '../support/ingest.js';

/** Publishes at QoS 1 and resolves on the PUBACK; fails at once if the broker closes the connection instead. */
function acked(client: MqttClient, topic: string, payload: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const closed = () => reject(new Error(`connection closed before the PUBACK of ${payload.slice(0, 80)}`));
    client.once('close', closed);
    client.publish(topic, payload, { qos: 1 }, (err) => {
      client.off('close', closed);
      if (err) reject(err);
      else resolve();
    });
  });
}

const deep = (depth: number) => '['.repeat(depth) + '1' + ']'.repeat(depth);

describe('no message can block a device (real MQTT, the built server)', () => {
  let server: ServerProcess;
  let client: MqttClient;

  beforeAll(async () => {
    server = await startServer({ QW_FLEET_FILE: INGEST_FLEET });
    client = await connect(server.mqttUrl, 'm1');
  });
  afterAll(async () => {
    client?.end(true);
    await server?.stop();
  });

  it('acknowledges a reading stamped in epoch nanoseconds (TIMESTAMP_SKEW) and the valid readings behind it', async () => {
    const topic = topics.deviceTelemetry('p1', 'm1');
    const now = Date.now();
    const bad = [
      motor(now * 1_000_000), // epoch ns: beyond what a Date holds
      motor(1e300),
      motor(-1e300),
      `{"v":${deep(50_000)},"metrics":{}}`, // a version field nested 50,000 deep
    ];
    const valid = Array.from({ length: 5 }, (_, i) => motor(now - 10_000 + i, 40 + i));
    // in order on one connection: each waits for its PUBACK, so a closed connection fails the test at once
    for (const payload of [...bad, ...valid]) await acked(client, topic, payload);
    expect(client.connected).toBe(true);

    const letters = await allDeadLetters(server, '&deviceId=m1');
    expect(letters.map((l) => l.reason).sort()).toEqual([
      'SCHEMA',
      'TIMESTAMP_SKEW',
      'TIMESTAMP_SKEW',
      'TIMESTAMP_SKEW',
    ]);
    expect(letters.find((l) => l.reason === 'TIMESTAMP_SKEW' && /µs or ns/.test(l.detail))).toBeDefined();

    await spoolDrained(server);
    const stored = storedReadings(server.dataDir);
    for (let i = 0; i < valid.length; i++)
      expect(stored.get(`p1/m1/${now - 10_000 + i}`)?.metrics.active_power).toBe(40 + i);
    expect(server.logs.join('')).not.toMatch(/Invalid time value|closing client/);
  });
});
