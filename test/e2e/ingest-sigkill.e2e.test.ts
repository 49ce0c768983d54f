import mqtt from 'mqtt';
import { topics } from '#contracts';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { INGEST_FLEET, creds, motor, spoolDrained, storedReadings } from '../support/ingest.js';

/** Fixed ports, so that the restarted server is where the devices reconnect to (QW_TEST_PORT_BASE moves them). */
const PORT_BASE = Number(process.env.QW_TEST_PORT_BASE ?? 19310);
const PORTS = { QW_HTTP_PORT: String(PORT_BASE), QW_MQTT_PORT: String(PORT_BASE + 1) };

describe('the server is killed with SIGKILL mid-stream and restarted', () => {
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('stores exactly the readings it acknowledged, with the devices retrying', async () => {
    server = await startServer({ QW_FLEET_FILE: INGEST_FLEET, ...PORTS });
    const dataDir = server.dataDir;
    const devices = ['m1', 'm2'];
    const N = 1500; // per device
    const WINDOW = 100; // QoS 1 messages in flight per device
    const base = Date.now() - 3_600_000;
    const acked = new Set<string>();
    const clients = await Promise.all(
      devices.map((id) =>
        mqtt.connectAsync(server!.mqttUrl, {
          clientId: `p1/${id}/kill`,
          protocolVersion: 4,
          reconnectPeriod: 100,
          connectTimeout: 2000,
          ...creds(id),
        }),
      ),
    );
    const sending = devices.map(async (id, k) => {
      const client = clients[k];
      let inFlight = 0;
      for (let i = 0; i < N; i++) {
        while (inFlight >= WINDOW) await new Promise((r) => setTimeout(r, 2));
        inFlight++;
        const ts = base + i;
        // mqtt.js keeps an unacknowledged QoS 1 message and sends it again after reconnecting
        client.publish(topics.deviceTelemetry('p1', id), motor(ts, 10 + (i % 50)), { qos: 1 }, (err) => {
          if (!err) acked.add(`p1/${id}/${ts}`);
          inFlight--;
        });
      }
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
    });

    // kill once a good part of the stream is acknowledged, then restart on the same ports and data directory
    while (acked.size < (N * devices.length) / 3) await new Promise((r) => setTimeout(r, 2));
    const killedAt = acked.size;
    await server.stop('SIGKILL');
    server = await startServer({ QW_FLEET_FILE: INGEST_FLEET, QW_DATA_DIR: dataDir, ...PORTS });

    await Promise.all(sending);
    await Promise.all(clients.map((c) => c.endAsync()));
    expect(killedAt).toBeLessThan(N * devices.length);
    expect(acked.size).toBe(N * devices.length);

    await spoolDrained(server);
    expect(await server.stop('SIGTERM')).toBe(0);
    server = undefined;
    const stored = new Set(storedReadings(dataDir).keys());
    expect(stored.size).toBe(acked.size);
    expect([...acked].filter((k) => !stored.has(k))).toEqual([]);
  }, 60_000);
});
