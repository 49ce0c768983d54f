import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { topics, type ErrorNotice } from '#contracts';
import { waitFor } from '../support/wait.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import {
  ADMIN_ACLS,
  PLATFORM,
  disposeMosquitto,
  externalBrokerEnv,
  startMosquitto,
  type Mosquitto,
} from '../support/mosquitto.js';
import { INGEST_FLEET, allDeadLetters, creds, metric, motor, spoolDrained, storedReadings } from '../support/ingest.js';
import { platformAcls } from '../../apps/server/src/broker/external/dynsec-roles.js';

/** qinwatt's own account on the broker: reads the shared telemetry topics, publishes error notices, runs dynsec */
const external = (m: Mosquitto, env: Record<string, string> = {}) =>
  externalBrokerEnv(m, { QW_FLEET_FILE: INGEST_FLEET, ...env });

const device = (m: Mosquitto, id: string, opts: IClientOptions = {}): Promise<MqttClient> =>
  mqtt.connectAsync(m.url, { protocolVersion: 5, reconnectPeriod: 0, clientId: `p1/${id}`, ...creds(id), ...opts });

/** polls until the predicate holds */
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startMosquittoForQinwatt(): Promise<Mosquitto> {
  return startMosquitto({
    maxQueuedMessages: 100_000,
    maxInflightMessages: 1000,
    clients: [{ ...PLATFORM, acls: [...ADMIN_ACLS, ...platformAcls('qinwatt')] }],
  });
}

/** publishes n QoS 1 readings (one a message) and resolves with the keys the broker acknowledged */
async function stream(client: MqttClient, id: string, n: number, base: number): Promise<string[]> {
  const acked: string[] = [];
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      client.publishAsync(topics.deviceTelemetry('p1', id), motor(base + i, 10 + (i % 50)), { qos: 1 }).then(() => {
        acked.push(`p1/${id}/${base + i}`);
      }),
    ),
  );
  return acked;
}

describe('external broker: Mosquitto authenticates devices, qinwatt consumes $share with acknowledgement after the spool', () => {
  let m: Mosquitto | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await disposeMosquitto(m);
  });

  it('gives the fleet to the broker, stores what a device publishes, and the broker refuses wrong secrets and foreign topics', async () => {
    m = await startMosquittoForQinwatt();
    server = await startServer(external(m));
    const ready = await (await fetch(`${server.httpUrl}/ready`)).json();
    expect(ready.checks.broker).toBe(true);

    const m1 = await device(m, 'm1');
    const base = Date.now() - 60_000;
    const acked = await stream(m1, 'm1', 50, base);
    expect(acked).toHaveLength(50);

    // a wrong secret: the broker refuses the CONNECT (qinwatt never sees it)
    await expect(device(m, 'm2', { password: 'not-the-secret' })).rejects.toThrow(/Not authorized/i);
    // m1 on m2's topic: the broker refuses the PUBLISH (MQTT 5 PUBACK reason 0x87)
    await expect(m1.publishAsync(topics.deviceTelemetry('p1', 'm2'), motor(base, 12), { qos: 1 })).rejects.toThrow(
      /Not authorized/i,
    );

    // the broker acknowledged the device on receipt: qinwatt takes them from it afterwards
    const dataDir = server.dataDir;
    await waitFor(() => acked.every((k) => storedReadings(dataDir).has(k)), 'the readings stored', 15_000).catch(
      () => undefined,
    );
    await spoolDrained(server);
    const stored = storedReadings(server.dataDir);
    expect(acked.filter((k) => !stored.has(k))).toEqual([]);
    expect([...stored.keys()].filter((k) => k.startsWith('p1/m2/'))).toEqual([]);
    expect(await metric(server, 'qinwatt_broker_credentials_unsynced')).toBe(0);
    await m1.endAsync();
  });

  it('turns a bad payload into a reason-coded dead letter and an error notice on the device errors topic', async () => {
    const m1 = await device(m!, 'm1');
    const notices: ErrorNotice[] = [];
    m1.on('message', (t, p) => t === topics.deviceErrors('p1', 'm1') && notices.push(JSON.parse(p.toString())));
    await m1.subscribeAsync(topics.deviceErrors('p1', 'm1'), { qos: 0 });
    await m1.publishAsync(topics.deviceTelemetry('p1', 'm1'), 'not json at all', { qos: 1 });
    await until('the error notice', () => notices.length > 0);
    expect(notices[0]).toMatchObject({ reason: 'MALFORMED_JSON', topic: topics.deviceTelemetry('p1', 'm1') });
    const letters = await allDeadLetters(server!, '&reason=MALFORMED_JSON');
    expect(letters.map((l) => [l.reason, l.deviceId, l.topic])).toEqual([
      ['MALFORMED_JSON', 'm1', topics.deviceTelemetry('p1', 'm1')],
    ]);
    await m1.endAsync();
  });

  it('a device issued a new secret through the API logs in with it at the broker, and the old one is refused', async () => {
    const res = await server!.api('/api/fleet/plants/p1/devices/m2/secret', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(201);
    const { secret } = (await res.json()) as { secret: string };
    await until('the broker takes the new secret', () =>
      device(m!, 'm2', { password: secret }).then(
        (c) => c.endAsync().then(() => true),
        () => false,
      ),
    );
    await expect(device(m!, 'm2')).rejects.toThrow(/Not authorized/i);
  });

  it('is not ready while the broker is down, and reconnects when it is back', async () => {
    const broker = async () =>
      ((await (await fetch(`${server!.httpUrl}/ready`)).json()) as { checks: { broker: boolean } }).checks.broker;
    await m!.stop();
    await until('/ready to say the broker is down', async () => !(await broker()));
    await m!.restart();
    await until('the reconnection', broker, 20_000);
  });
});
