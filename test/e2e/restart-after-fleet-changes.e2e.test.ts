import mqtt from 'mqtt';
import type { RotatedSecret } from '#contracts';
import { startServer, TEST_FLEET, type ServerProcess, apiFetch } from '../support/server-process.js';
import { getJson, metric } from '../support/ingest.js';
import { waitFor } from '../support/wait.js';

/** the demo plant simulating the test fleet's two devices (m1, t1), whose secrets the fleet file holds */
const DEMO = { QW_DEMO: 'true', QW_FLEET_FILE: TEST_FLEET, QW_DEMO_INTERVAL_MS: '200' };

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await apiFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const demoDevices = async (s: ServerProcess) =>
  (await getJson<{ demo: { devices: number } | null }>(`${s.httpUrl}/api/sim/runs`)).demo?.devices;
const refusedLogins = (s: ServerProcess) => metric(s, 'qinwatt_mqtt_connect_refused_total');

/** a real meter logging in with credentials the API handed out */
async function logsIn(s: ServerProcess, c: RotatedSecret): Promise<void> {
  const client = await mqtt.connectAsync(s.mqttUrl, {
    clientId: `${c.username}/meter`, // the user name, or `{user name}/{tag}`
    protocolVersion: 4,
    reconnectPeriod: 0,
    username: c.username,
    password: c.secret,
  });
  await client.endAsync();
}

describe('a restart after normal use of the fleet API, with the demo plant on (real server processes)', () => {
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  let dataDir = '';
  let created: RotatedSecret;
  let rotated: RotatedSecret;

  it('creating a device and rotating a demo device’s secret: the demo stops using the old secret at once', async () => {
    server = await startServer(DEMO);
    dataDir = server.dataDir;
    await waitFor(async () => (await demoDevices(server!)) === 2, 'the demo plant’s 2 devices');

    created = (
      await post<{ credentials: RotatedSecret }>(`${server.httpUrl}/api/fleet/devices`, {
        plantId: 'p1',
        id: 'motor-new',
        class: 'motor',
        name: 'A motor added through the API',
        nameplate: { ratedKw: 55, ratedEfficiency: 94.6 },
      })
    ).credentials;
    rotated = await post<RotatedSecret>(`${server.httpUrl}/api/fleet/plants/p1/devices/t1/secret`, {});

    // the demo stops being t1, rather than knocking on with the old secret every second
    await waitFor(async () => (await demoDevices(server!)) === 1, 't1 left to its own meter');
    const refused = await refusedLogins(server);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await refusedLogins(server)).toBe(refused);
    await logsIn(server, rotated);
    await logsIn(server, created);
  });

  it('the next boot works, the demo devices whose secret it still holds connect, the others log in with theirs', async () => {
    expect(await server!.stop()).toBe(0);
    server = await startServer({ ...DEMO, QW_DATA_DIR: dataDir });
    await waitFor(async () => (await demoDevices(server!)) === 1, 'the demo device m1');
    await waitFor(async () => (await metric(server!, 'qinwatt_mqtt_clients_connected')) === 1, 'the demo connection');
    const accepted = async () =>
      (await getJson<{ counters: { accepted: number } }>(`${server!.httpUrl}/health`)).counters.accepted;
    const before = await accepted();
    await waitFor(async () => (await accepted()) >= before + 5, 'demo readings accepted after the restart');
    expect(await refusedLogins(server)).toBe(0);
    await logsIn(server, rotated);
    await logsIn(server, created);
    expect(server.logs.join('')).toContain('p1/motor-new');
  });
});
