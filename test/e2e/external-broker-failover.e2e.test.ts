import mqtt, { type MqttClient } from 'mqtt';
import { topics } from '#contracts';
import { startServer, type ServerProcess } from '../support/server-process.js';
import {
  ADMIN_ACLS,
  PLATFORM,
  disposeMosquitto,
  externalBrokerEnv,
  startMosquitto,
  type Mosquitto,
} from '../support/mosquitto.js';
import { INGEST_FLEET, creds, motor, spoolDrained, storedReadings } from '../support/ingest.js';
import { platformAcls } from '../../apps/server/src/broker/external/dynsec-roles.js';

const external = (m: Mosquitto, env: Record<string, string> = {}) =>
  externalBrokerEnv(m, { QW_FLEET_FILE: INGEST_FLEET, ...env });

const device = (m: Mosquitto, id: string): Promise<MqttClient> =>
  mqtt.connectAsync(m.url, { protocolVersion: 5, reconnectPeriod: 0, clientId: `p1/${id}`, ...creds(id) });

/**
 * Publishes n QoS 1 readings, at most `window` unacknowledged, and resolves with the keys the broker acknowledged.
 * `onAcked` sees the running count.
 */
async function stream(
  client: MqttClient,
  id: string,
  n: number,
  base: number,
  onAcked: (count: number) => void = () => undefined,
): Promise<string[]> {
  const acked: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await client.publishAsync(topics.deviceTelemetry('p1', id), motor(base + i, 10 + (i % 50)), { qos: 1 });
      acked.push(`p1/${id}/${base + i}`);
      onAcked(acked.length);
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  return acked;
}

const mosquittoForQinwatt = () =>
  startMosquitto({
    maxQueuedMessages: 100_000,
    maxInflightMessages: 1000,
    clients: [{ ...PLATFORM, acls: [...ADMIN_ACLS, ...platformAcls('qinwatt')] }],
  });

describe('external broker: what the broker acknowledged to a device is stored, across a SIGKILL and across processes', () => {
  let m: Mosquitto | undefined;
  const servers: ServerProcess[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop('SIGKILL')));
    await disposeMosquitto(m);
    m = undefined;
  });

  it('a qinwatt SIGKILLed mid-stream loses nothing: the broker redelivers what it had not acknowledged', async () => {
    m = await mosquittoForQinwatt();
    const first = await startServer(external(m));
    servers.push(first);
    const dataDir = first.dataDir;
    const client = await device(m, 'm1');
    const N = 3000;
    let killed: Promise<unknown> | undefined;
    const acked = await stream(client, 'm1', N, Date.now() - 3_600_000, (count) => {
      // the broker keeps the session (and the deliveries it sent but did not get a PUBACK for) while qinwatt is down
      if (count === N / 3) killed = first.stop('SIGKILL');
    });
    await killed;
    servers.length = 0;
    const storedBefore = storedReadings(dataDir).size;
    const second = await startServer(external(m, { QW_DATA_DIR: dataDir }));
    servers.push(second);
    await client.endAsync();

    expect(acked).toHaveLength(N);
    // then the assertions below name what is missing
    await until(() => storedCount(second) >= N, 15_000).catch(() => undefined);
    await spoolDrained(second);
    const stored = storedReadings(dataDir);
    expect(storedBefore).toBeLessThan(N);
    expect(acked.filter((k) => !stored.has(k))).toEqual([]);
    expect(second.logs.join('\n')).toMatch(/"sessionPresent":true/);
  }, 60_000);

  it('two processes in one share group each take part of the stream and together store every reading once', async () => {
    m = await mosquittoForQinwatt();
    const [a, b] = await Promise.all([startServer(external(m)), startServer(external(m))]);
    servers.push(a, b);
    const clients = await Promise.all(['m1', 'm2'].map((id) => device(m!, id)));
    const base = Date.now() - 3_600_000;
    const N = 1000;
    const acked = (await Promise.all(clients.map((c, k) => stream(c, ['m1', 'm2'][k], N, base)))).flat();
    await Promise.all(clients.map((c) => c.endAsync()));
    await until(() => storedCount(a) + storedCount(b) >= 2 * N, 15_000).catch(() => undefined);
    await Promise.all([spoolDrained(a), spoolDrained(b)]);

    const inA = storedReadings(a.dataDir);
    const inB = storedReadings(b.dataDir);
    expect(inA.size).toBeGreaterThan(0);
    expect(inB.size).toBeGreaterThan(0);
    expect([...inA.keys()].filter((k) => inB.has(k))).toEqual([]);
    expect(acked.filter((k) => !inA.has(k) && !inB.has(k))).toEqual([]);
    expect(inA.size + inB.size).toBe(2 * N);
  }, 60_000);

  it('a qinwatt process starting or reconnecting leaves the connected devices connected', async () => {
    m = await mosquittoForQinwatt();
    const a = await startServer(external(m));
    servers.push(a);
    const client = await device(m, 'm1');
    let closed = 0;
    client.on('close', () => closed++);
    // the second process syncs the registry into the broker as the first did: nothing changed, so no password is set
    // again (the plugin would end every device's session, the whole fleet at each ingest start)
    const b = await startServer(external(m));
    servers.push(b);
    await until(() => b.logs.some((l) => l.includes('broker credentials synced')), 15_000);
    await client.publishAsync(topics.deviceTelemetry('p1', 'm1'), motor(Date.now() - 60_000), { qos: 1 });
    expect(closed).toBe(0);
    expect(client.connected).toBe(true);
    await client.endAsync();
  }, 60_000);
});

/** readings the server's store holds (once the spool writer wrote them) */
const storedCount = (s: ServerProcess): number => storedReadings(s.dataDir).size;

async function until(ok: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
