import mqtt from 'mqtt';
import { topics, type HistoryResponse } from '#contracts';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';
import { INFLUX_URL, influxQuery, requireInfluxInCi, uniqueDb } from '../support/influx.js';

const MIN = 60_000;

async function publishMotor(server: ServerProcess, readings: Array<[number, number]>): Promise<void> {
  // m1's credentials in test/fixtures/fleet.json
  const client = await mqtt.connectAsync(server.mqttUrl, {
    clientId: 'p1/m1',
    protocolVersion: 4,
    username: 'p1/m1',
    password: 'test-secret-m1',
  });
  for (const [ts, kw] of readings)
    await client.publishAsync(
      topics.deviceTelemetry('p1', 'm1'),
      JSON.stringify({
        v: 1,
        ts,
        metrics: { active_power: { value: kw, unit: 'kW' }, current: { value: 90, unit: 'A' } },
      }),
      { qos: 1 },
    );
  await client.endAsync();
  // a PUBACK means "in the durable spool"; the spool writer stores readings in order, so once it has written as
  // many readings as were accepted by now, these are in the store
  const health = async () =>
    (await (await apiFetch(`${server.httpUrl}/health`)).json()) as { counters: { accepted: number; written: number } };
  const { accepted } = (await health()).counters;
  while ((await health()).counters.written < accepted) await new Promise((r) => setTimeout(r, 20));
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await apiFetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** The same user-visible behaviour whichever store the server is configured with. */
function historyOverRealServer(
  storeEnv: () => Record<string, string>,
  check?: (t0: number) => Promise<void>,
): () => ServerProcess {
  let server: ServerProcess;
  // half an hour ago, at a whole minute: clear of the demo plant's live readings
  const t0 = Math.floor((Date.now() - 30 * MIN) / MIN) * MIN;

  beforeAll(async () => {
    server = await startServer({ QW_DEMO: 'true', QW_DEMO_INTERVAL_MS: '200', ...storeEnv() });
    await publishMotor(server, [
      [t0 + 1_000, 40],
      [t0 + 21_000, 50],
      [t0 + 41_000, 60],
      [t0 + MIN + 1_000, 80],
    ]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const url = (q: string) => `${server.httpUrl}/api/history/plants/p1/devices/m1?${q}`;

  it('answers raw readings acknowledged over MQTT, and 1-minute windows of them', async () => {
    const raw = await getJson<HistoryResponse>(url(`from=${t0}&to=${t0 + 2 * MIN}&metrics=active_power`));
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({ resolution: 'raw', fields: ['active_power'], series: 'telemetry' });
    expect(raw.body.rows.map((r) => [r.ts - t0, r.values.active_power])).toEqual([
      [1_000, 40],
      [21_000, 50],
      [41_000, 60],
      [61_000, 80],
    ]);
    const m = await getJson<HistoryResponse>(url(`from=${t0}&to=${t0 + 2 * MIN}&resolution=1m`));
    expect(m.body.fields).toEqual(['active_power', 'current']);
    expect(m.body.rows[0]).toEqual({
      ts: t0,
      values: { active_power: 50, current: 90 },
      min: { active_power: 40, current: 90 },
      max: { active_power: 60, current: 90 },
      count: { active_power: 3, current: 3 },
    });
  });

  it('exports CSV with a header row', async () => {
    const res = await apiFetch(url(`from=${t0}&to=${t0 + 2 * MIN}&metrics=active_power&format=csv`));
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('p1_m1_telemetry_raw.csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('time,ts_ms,active_power');
    expect(lines[1]).toBe(`${new Date(t0 + 1_000).toISOString()},${t0 + 1_000},40`);
    expect(lines).toHaveLength(5);
  });

  it('shows the demo plant’s live telemetry', async () => {
    let rows = 0;
    for (let i = 0; i < 50 && rows < 3; i++) {
      const r = await getJson<HistoryResponse>(url(`from=${Date.now() - MIN}`));
      rows = r.body.rows.length;
      if (rows < 3) await new Promise((res) => setTimeout(res, 200));
    }
    expect(rows).toBeGreaterThanOrEqual(3);
    await check?.(t0);
  });

  it('refuses a bad query with every problem, and an unknown device with 404', async () => {
    const bad = await getJson<{ message: string[] }>(url('from=yesterday&resolution=5m'));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toHaveLength(2);
    const missing = await apiFetch(`${server.httpUrl}/api/history/plants/p1/devices/nope`);
    expect(missing.status).toBe(404);
  });
  return () => server;
}

describe('history API, embedded store (real server process)', () => {
  const server = historyOverRealServer(() => ({}));

  it('serves the OpenAPI document describing the history endpoint at /api/openapi.json', async () => {
    const { status, body } = await getJson<{
      openapi: string;
      paths: Record<string, { get: { parameters: Array<{ name: string }> } }>;
    }>(`${server().httpUrl}/api/openapi.json`);
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const op = body.paths['/api/history/plants/{plantId}/devices/{deviceId}'].get;
    expect(op.parameters.map((p) => p.name)).toEqual([
      'plantId',
      'deviceId',
      'from',
      'to',
      'metrics',
      'resolution',
      'series',
      'format',
    ]);
  });
});

describe('history API, InfluxDB 1.x store: telemetry lands in InfluxDB and is read back from it', () => {
  if (!requireInfluxInCi('history API end to end over InfluxDB 1.x')) return;
  const database = uniqueDb('qw_e2e');
  afterAll(async () => void (await influxQuery(`DROP DATABASE "${database}"`)));
  historyOverRealServer(
    () => ({ QW_STORE: 'influxdb1', QW_INFLUX_URL: INFLUX_URL!, QW_INFLUX_DATABASE: database }),
    async (t0) => {
      // straight from InfluxDB, not through the server: the published readings and the demo plant's are there
      const res = (await influxQuery(
        `SELECT count(active_power) FROM "qw_raw"."telemetry" WHERE time >= ${t0}ms GROUP BY "device"`,
        database,
      )) as { results: Array<{ series: Array<{ tags: { device: string }; values: number[][] }> }> };
      const m1 = res.results[0].series.find((s) => s.tags.device === 'm1')!;
      expect(m1.values[0][1]).toBeGreaterThanOrEqual(4 + 3);
      const sim = (await influxQuery(`SELECT sim FROM "qw_raw"."telemetry" WHERE sim = 'demo' LIMIT 1`, database)) as {
        results: Array<{ series?: unknown[] }>;
      };
      expect(sim.results[0].series).toHaveLength(1);
    },
  );
});
