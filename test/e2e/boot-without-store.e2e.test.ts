import { rmSync } from 'node:fs';
import { io } from 'socket.io-client';
import { topics, type FleetSnapshot } from '#contracts';
import { Influxdb1Store } from '../../apps/server/src/store/influxdb1/influxdb1-store.js';
import type { ReadyBody } from '#contracts';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';
import { requireInfluxInCi } from '../support/influx.js';
import { OwnInfluxd } from '../support/own-influxd.js';
import { INGEST_FLEET, connect, getJson, motor, spoolDrained } from '../support/ingest.js';
import { waitFor } from '../support/wait.js';

describe('the platform boots and ingests while its store (a real InfluxDB 1.x) is not there yet', () => {
  if (!requireInfluxInCi('boot without the store')) return;
  let influx: OwnInfluxd;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    await influx?.kill();
    if (influx) rmSync(influx.dir, { recursive: true, force: true });
  });

  it('starts, acknowledges readings into the spool, reports not ready with the reason, and catches up when the store starts', async () => {
    influx = await OwnInfluxd.onFreePorts(); // its port is known, nothing listens there yet
    server = await startServer({
      QW_FLEET_FILE: INGEST_FLEET,
      QW_STORE: 'influxdb1',
      QW_INFLUX_URL: influx.url,
      QW_INFLUX_DATABASE: 'bootless',
    });
    expect(server.logs.join('')).toContain('store unreachable at boot');

    const ready = await apiFetch(`${server.httpUrl}/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as ReadyBody;
    expect(body.checks).toEqual({ broker: true, spool: true, store: false });
    expect(body.reasons?.store).toContain(`InfluxDB 1.x at ${influx.url}`);
    // the first failed connection names the refusal; after it the InfluxDB client marks the host down and says so
    expect(body.reasons?.store).toMatch(/ECONNREFUSED|No host available/);
    expect((await getJson<{ status: string }>(`${server.httpUrl}/health`)).status).toBe('ok');

    // a console connecting now gets its snapshot (without last readings) rather than ending the process
    const socket = io(server.httpUrl, { auth: { token: server.token }, transports: ['websocket'] });
    const snap = await new Promise<FleetSnapshot | undefined>((res) => {
      socket.once('snapshot', res);
      setTimeout(() => res(undefined), 5_000);
    }).finally(() => socket.close());
    expect(snap).toBeDefined();
    expect(snap!.devices.map((d) => d.device.id)).toContain('m1');

    // every reading is acknowledged (PUBACK) while there is no store at all
    const N = 200;
    const base = Date.now() - 3_600_000;
    const client = await connect(server.mqttUrl, 'm1');
    for (let i = 0; i < N; i++)
      await client.publishAsync(topics.deviceTelemetry('p1', 'm1'), motor(base + i * 1000), { qos: 1 });
    await client.endAsync();
    expect(
      (await getJson<{ counters: { spoolPending: number } }>(`${server.httpUrl}/health`)).counters.spoolPending,
    ).toBe(N);

    await influx.start();
    await spoolDrained(server, 30_000);
    await waitFor(async () => (await apiFetch(`${server!.httpUrl}/ready`)).status === 200, '/ready 200');

    const store = new Influxdb1Store({ url: influx.url, database: 'bootless' });
    const stored = await store.range({ plantId: 'p1', deviceId: 'm1', from: base, to: base + N * 1000 });
    await store.close();
    expect(stored.map((r) => r.ts)).toEqual(Array.from({ length: N }, (_, i) => base + i * 1000));
  }, 60_000);
});
