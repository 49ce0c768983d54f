import { io, type Socket } from 'socket.io-client';
import { LedgerResponseSchema, LoggedEntriesSchema, type Alert, type ReadyBody } from '#contracts';
import { SqlAlertStore } from '../../apps/server/src/alerts/sql-alert-store.js';
import { openStateDb } from '../../apps/server/src/state/state-db.js';
import { freshPostgresDatabase, requirePostgresInCi } from '../support/postgres.js';
import { freePort, hasRedisServer, startRedis, type RedisServer } from '../support/redis.js';
import { answerOf } from '../support/response-schema.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { waitFor } from '../support/wait.js';

/**
 * The same build run as separate processes by role (QW_ROLES) on one PostgreSQL and one Redis: each answers its
 * probes with its own role's checks, and what one process emits to a plant reaches the consoles on another,
 * also after Redis restarts.
 */
const runs = requirePostgresInCi('roles per process') && (hasRedisServer() || !!process.env.CI);

const seeded: Alert = {
  id: 'a-roles-1',
  plantId: 'p1',
  deviceId: 'm1',
  class: 'motor',
  rule: 'drift.cusum',
  kind: 'drift',
  priority: 'medium',
  state: 'open',
  openedAt: Date.now() - 60_000,
  message: { en: 'drift', zh: '漂移' },
  evidence: {},
  flags: {},
  history: [{ state: 'open', at: Date.now() - 60_000, by: 'system' }],
  updatedAt: Date.now() - 60_000,
};

(runs ? describe : describe.skip)('roles per process', () => {
  let redis: RedisServer;
  let shared: Record<string, string>;
  const procs: ServerProcess[] = [];
  let apiA: ServerProcess;
  let apiB: ServerProcess;
  const START_MS = 45_000;
  let detection: ServerProcess;
  let ingest: ServerProcess;
  const sockets: Socket[] = [];

  beforeAll(
    async () => {
      redis = await startRedis();
      const postgresUrl = await freshPostgresDatabase('qw_roles');
      // an open alert in the shared state store, which every api process loads
      const state = openStateDb({ engine: 'postgres', postgresUrl });
      await state.migrate();
      await new SqlAlertStore(state).saveAlert(seeded);
      await state.close();
      shared = { QW_STATE_STORE: 'postgres', QW_POSTGRES_URL: postgresUrl, QW_REDIS_URL: redis.url };
      // the first api process creates the administrator; the others start beside it
      procs.push((apiA = await startServer({ ...shared, QW_ROLES: 'api' }, START_MS)));
      // three processes booting at once on two loaded cores: each gets longer than one alone
      [apiB, detection, ingest] = await Promise.all([
        startServer({ ...shared, QW_ROLES: 'api' }, START_MS),
        startServer({ ...shared, QW_ROLES: 'detection' }, START_MS),
        startServer(
          {
            ...shared,
            QW_ROLES: 'ingest',
            QW_MQTT_BROKER: 'external',
            QW_MQTT_BROKER_URL: `mqtt://127.0.0.1:${await freePort()}`,
          },
          START_MS,
        ),
      ]);
      procs.push(apiB, detection, ingest);
    },
    2 * START_MS + 20_000,
  );

  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all(procs.map((p) => p.stop()));
    await redis?.stop();
  });

  const ready = async (s: ServerProcess) => {
    const res = await fetch(`${s.httpUrl}/ready`);
    return { status: res.status, body: (await res.json()) as ReadyBody };
  };

  it("answers /health and /ready in every process, with its own role's checks", async () => {
    for (const s of [apiA, apiB]) {
      expect(await (await fetch(`${s.httpUrl}/health`)).json()).toEqual({ status: 'ok', roles: ['api'] });
      expect(await ready(s)).toEqual({
        status: 200,
        body: { ready: true, roles: ['api'], checks: { 'api.state': true, 'api.redis': true } },
      });
    }
    expect(await ready(detection)).toEqual({
      status: 200,
      body: {
        ready: true,
        roles: ['detection'],
        checks: { 'detection.state': true, 'detection.redis': true, 'detection.ownership': true },
      },
    });
    const health = (await (await fetch(`${ingest.httpUrl}/health`)).json()) as { roles: string[]; counters: object };
    expect(health).toMatchObject({ roles: ['ingest'], counters: { received: 0, accepted: 0 } });
    const r = await ready(ingest);
    expect(Object.keys(r.body.checks).sort()).toEqual(['ingest.broker', 'ingest.spool', 'ingest.store']);
    expect(r.body.checks['ingest.spool'] && r.body.checks['ingest.store']).toBe(true);
    // whatever the broker's state, a failing check comes with its reason and makes the process not ready
    const failing = Object.keys(r.body.checks).filter((k) => !r.body.checks[k]);
    expect(Object.keys(r.body.reasons ?? {})).toEqual(failing);
    expect(r.status).toBe(failing.length ? 503 : 200);
  });

  it('serves the API and the console only from api processes; the others answer their probes alone', async () => {
    for (const s of [detection, ingest]) {
      const res = await fetch(`${s.httpUrl}/api/alerts`, { headers: { authorization: `Bearer ${apiA.token}` } });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ reason: 'NOT_SERVED_HERE' });
      expect((await fetch(`${s.httpUrl}/`)).status).toBe(404);
      // a console cannot attach to it either
      const refused = await new Promise<string>((resolve) => {
        const c = io(s.httpUrl, { auth: { token: apiA.token }, transports: ['websocket'], reconnection: false });
        c.on('connect', () => resolve('connected'));
        c.on('connect_error', (e) => resolve(e.message));
        sockets.push(c);
      });
      expect(refused).not.toBe('connected');
      // a technician's scrape works on every process (probes and metrics are for operators of every role)
      expect((await fetch(`${s.httpUrl}/metrics`, { headers: { authorization: `Bearer ${apiA.token}` } })).status).toBe(
        200,
      );
    }
    expect((await apiB.api('/api/alerts')).status).toBe(200);
  });

  it('a console on one api process receives what another process emits, also after Redis restarts', async () => {
    const seen: Alert[] = [];
    const console = io(apiA.httpUrl, { auth: { token: apiA.token }, transports: ['websocket'] });
    sockets.push(console);
    console.on('alert', (a: Alert) => seen.push(a));
    await new Promise<void>((resolve, reject) => {
      console.once('snapshot', () => resolve());
      console.once('connect_error', reject);
    });

    const act = (what: string) =>
      apiB.api(`/api/alerts/${seeded.id}/${what}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ comment: `${what} on the other process` }),
      });
    expect((await act('acknowledge')).status).toBe(201);
    await waitFor(() => seen.some((a) => a.state === 'acknowledged'), 'the acknowledgement on the console', 5_000);

    // Redis goes away: both api processes say so on /ready, by name and reason
    await redis.stop();
    await waitFor(async () => (await ready(apiA)).status === 503, 'api A not ready without Redis', 5_000);
    const down = await ready(apiB);
    expect(down.body.checks['api.redis']).toBe(false);
    expect(down.body.reasons?.['api.redis']).toMatch(/Redis/);
    // a new, empty Redis on the same address: the adapter reconnects and reads on
    await redis.start();
    await waitFor(
      async () => (await ready(apiA)).status === 200 && (await ready(apiB)).status === 200,
      'ready',
      10_000,
    );
    expect((await act('resolve')).status).toBe(201);
    await waitFor(() => seen.some((a) => a.state === 'resolved'), 'the resolution after the restart', 10_000);
  }, 30_000);

  it('a device added or deleted through one api process is known to the others', async () => {
    const body = { id: 'm9', plantId: 'p1', class: 'motor', name: 'Motor 9', nameplate: { ratedKw: 30 } };
    const created = await apiA.api('/api/fleet/devices', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(201);
    const known = async () => (await apiB.api('/api/fleet/plants/p1/devices/m9')).status;
    await waitFor(async () => (await known()) === 200, 'the device on the other api process', 5_000);
    expect((await apiB.api('/api/fleet/plants/p1/devices/m9', { method: 'DELETE' })).status).toBe(204);
    await waitFor(async () => (await apiA.api('/api/fleet/plants/p1/devices/m9')).status === 404, 'gone', 5_000);
  }, 30_000);
  it("an entry made through one api process is in the other's ledger answer at once", async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10); // Asia/Shanghai, the ledger's zone
    const q = `/api/ledger?level=plant&id=p1&granularity=day&from=${today}&to=${today}`;
    const outputs = async (s: ServerProcess) => {
      const res = await s.api(q);
      expect(res.status).toBe(200);
      return answerOf(LedgerResponseSchema, await res.json()).periods[0]!.outputs;
    };
    expect(await outputs(apiB)).toEqual([]);
    const entry = {
      kind: 'output',
      plantId: 'p1',
      line: 'm1',
      product: 'cement',
      period: today,
      quantity: 42,
      unit: 't',
    };
    const made = await apiA.api('/api/ledger/entries', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entry),
    });
    expect(made.status).toBe(201);
    const { seq } = (await made.json()) as { seq: number };
    // no waiting: the other process reads the store before it answers
    expect(await outputs(apiB)).toEqual([expect.objectContaining({ line: 'm1', quantity: 42, source: 'manual' })]);
    const audit = answerOf(LoggedEntriesSchema, await (await apiB.api('/api/ledger/entries')).json());
    expect(audit.entries).toEqual([expect.objectContaining({ seq, kind: 'output', by: 'admin' })]);
    // and an entry made through B gets the next seq, seen by A
    const second = await apiB.api('/api/ledger/entries', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...entry, quantity: 50 }),
    });
    expect(((await second.json()) as { seq: number }).seq).toBe(seq + 1);
    expect(await outputs(apiA)).toEqual([expect.objectContaining({ quantity: expect.closeTo(50, 6) })]);
  }, 30_000);
});
