import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import {
  decodeLiveFrame,
  VIEW_MAX_DEVICES,
  type Alert,
  type ClientToServerEvents,
  type FleetSnapshot,
  type PlantSummary,
  type Reading,
  type ServerToClientEvents,
} from '#contracts';
import { CELLS, CROSS_SITE, expected, WHO, type CrossSite, type Ctx, type Who } from '../support/authz-cells.js';
import { createAccount, loginCookie, startServer, type ServerProcess } from '../support/server-process.js';
import { waitFor } from '../support/wait.js';

/**
 * The authorisation matrix (issue 13): every route the running server's router lists × every kind of caller
 * (anonymous; admin; operator, technician and regulator in scope; operator and regulator out of scope; an API token
 * narrower than its creator) plus three cross-site forgeries, and every socket.io event per caller. A route the
 * router lists without a cell in test/support/authz-cells.ts fails the first test.
 */
const FLEET = join(process.cwd(), 'test/fixtures/tenancy-fleet.json');
const FOREIGN = 'http://evil.example';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Caller {
  cookie?: string;
  token?: string;
}

let server: ServerProcess;
const callers = {} as Record<Who, Caller>;
let routes: string[] = [];
let counter = 0;

function seedAlerts(dataDir: string): void {
  const alert = (id: string, plantId: string, deviceId: string): Alert => ({
    id,
    plantId,
    deviceId,
    class: 'motor',
    rule: 'class.motor.efficiency',
    kind: 'efficiency',
    priority: 'medium',
    state: 'open',
    openedAt: Date.now() - 60_000,
    message: { en: `${deviceId} below grade`, zh: `${deviceId} 低于等级` },
    evidence: {},
    flags: {},
    history: [{ state: 'open', at: Date.now() - 60_000, by: 'system', comment: 'seeded' }],
  });
  mkdirSync(join(dataDir, 'alerts'), { recursive: true });
  const lines = [alert('xa-alert', 'xa-plant', 'xa-motor'), alert('bj-alert', 'bj-plant', 'bj-motor')];
  writeFileSync(join(dataDir, 'alerts', 'alerts.jsonl'), lines.map((a) => JSON.stringify(a)).join('\n') + '\n');
}

/** headers a caller sends: a person's cookie with the console's CSRF header, or a bearer token */
function headersOf(c: Caller, unsafe: boolean): Record<string, string> {
  if (c.token) return { authorization: `Bearer ${c.token}` };
  if (c.cookie) return { cookie: `qw_session=${c.cookie}`, ...(unsafe ? { 'x-qinwatt-csrf': '1' } : {}) };
  return unsafe ? { 'x-qinwatt-csrf': '1' } : {};
}

const ctx: Ctx = {
  n: () => ++counter,
  admin: (path, init = {}) =>
    server.api(path, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  adminSession: (path, init = {}) =>
    fetch(`${server.httpUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'content-type': 'application/json',
        'x-qinwatt-csrf': '1',
        cookie: `qw_session=${callers.admin.cookie}`,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  today: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
};

async function call(route: string, headers: Record<string, string>, overrideType?: string): Promise<Response> {
  const cell = CELLS[route];
  const method = route.split(' ')[0];
  const path = await cell.path(ctx);
  const body = cell.body?.(ctx);
  const type = overrideType ?? cell.contentType ?? 'application/json';
  return fetch(`${server.httpUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': type } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qw-authz-'));
  seedAlerts(dataDir);
  server = await startServer({ QW_FLEET_FILE: FLEET, QW_DATA_DIR: dataDir });
  const line = server.logs.find((l) => l.includes('"msg":"routes"'));
  routes = (JSON.parse(line!) as { routes: string[] }).routes;

  const person = async (username: string, role: string, scope: object) => {
    const a = await createAccount(server, { username, role: role as never, scope });
    return { cookie: await loginCookie(server.httpUrl, username, a.password) };
  };
  callers.anonymous = {};
  callers.admin = { cookie: await server.login() };
  callers.operator = await person('op-xa', 'operator', { plants: ['xa-plant'] });
  callers['operator-out'] = await person('op-bj', 'operator', { plants: ['bj-plant'] });
  callers.technician = await person('tech-xa', 'technician', { enterprises: ['xa-ent'] });
  callers.regulator = await person('reg-xian', 'regulator', { regions: ['610100'] });
  callers['regulator-out'] = await person('reg-baoji', 'regulator', { regions: ['610300'] });
  // an operator of both plants issues a token for one of them: the token sees only that one
  const both = await person('op-both', 'operator', { plants: ['xa-plant', 'bj-plant'] });
  const narrow = await fetch(`${server.httpUrl}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-qinwatt-csrf': '1', cookie: `qw_session=${both.cookie}` },
    body: JSON.stringify({ name: 'bj only', scope: { plants: ['bj-plant'] } }),
  });
  expect(narrow.status).toBe(201);
  callers['narrow-token'] = { token: ((await narrow.json()) as { token: string }).token };
  // and cannot issue one wider than its creator
  const wider = await fetch(`${server.httpUrl}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-qinwatt-csrf': '1', cookie: `qw_session=${both.cookie}` },
    body: JSON.stringify({ name: 'wider', role: 'admin' }),
  });
  expect([wider.status, ((await wider.json()) as { reason: string }).reason]).toEqual([403, 'SCOPE_EXCEEDS']);

  await createAccount(server, { username: 'patch-me', role: 'operator' });
  await createAccount(server, { username: 'matrix-login', role: 'regulator', scope: { regions: ['610300'] } }).then(
    (a) =>
      ctx
        .admin('/api/users/matrix-login', { method: 'PATCH', body: { password: 'matrix-login-password' } })
        .then((r) => expect(r.status).toBe(200) ?? a),
  );
  // data in both plants for the lists: a dead letter each, a hand entry each
  for (const [plantId, id] of [
    ['xa-plant', 'xa-motor'],
    ['bj-plant', 'bj-motor'],
  ]) {
    const c = await mqtt.connectAsync(server.mqttUrl, {
      username: `${plantId}/${id}`,
      clientId: `${plantId}/${id}/matrix`,
      password: `test-secret-${id}`,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    await c.publishAsync(`plants/${plantId}/devices/${id}/telemetry`, 'not json', { qos: 1 });
    await c.endAsync();
    const entry = { kind: 'output', plantId, line: id, product: 'cement', period: ctx.today, quantity: 1, unit: 't' };
    expect((await ctx.admin('/api/ledger/entries', { method: 'POST', body: entry })).status).toBe(201);
  }
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

const sockets: Client[] = [];
afterAll(() => sockets.forEach((s) => s.disconnect()));

const open = (c: Caller, origin?: string, view?: 'summary'): Client => {
  const s: Client = io(server.httpUrl, {
    transports: ['websocket'],
    reconnection: false,
    auth: { ...(c.token ? { token: c.token } : {}), ...(view ? { view } : {}) },
    extraHeaders: { ...(c.cookie ? { cookie: `qw_session=${c.cookie}` } : {}), ...(origin ? { origin } : {}) },
  });
  sockets.push(s);
  return s;
};
const refusedAtHandshake = (s: Client) =>
  new Promise<string>((resolve) => {
    s.on('connect_error', (e) => resolve(e.message));
    s.on('connect', () => resolve('connected'));
  });
const snapshot = (s: Client) => new Promise<FleetSnapshot>((resolve) => s.once('snapshot', resolve));

describe('socket.io, per caller', () => {
  it('refuses an anonymous handshake, an unknown token and a foreign origin', async () => {
    expect(await refusedAtHandshake(open({}))).toBe('UNAUTHENTICATED');
    expect(await refusedAtHandshake(open({ token: 'qw_not-a-token' }))).toBe('UNAUTHENTICATED');
    expect(await refusedAtHandshake(open(callers.admin, FOREIGN))).not.toBe('connected');
    expect(await refusedAtHandshake(open(callers.admin, server.httpUrl))).toBe('connected');
  });

  const SEES: Record<Exclude<Who, 'anonymous'>, string[]> = {
    admin: ['bj-plant', 'xa-plant'],
    operator: ['xa-plant'],
    'operator-out': ['bj-plant'],
    technician: ['xa-plant'],
    regulator: ['xa-plant'],
    'regulator-out': ['bj-plant'],
    'narrow-token': ['bj-plant'],
  };

  it('snapshot, subscribe, readings, kpis and alert reach each caller for the plants of their scope only', async () => {
    const live = {} as Record<string, { s: Client; readings: Reading[]; alerts: Alert[]; kpiPlants: Set<string> }>;
    for (const who of Object.keys(SEES) as Array<keyof typeof SEES>) {
      const s = open(callers[who]);
      const snap = await snapshot(s);
      expect([who, snap.plants.map((p) => p.id).sort()]).toEqual([who, SEES[who]]);
      expect(snap.devices.every((d) => SEES[who].includes(d.device.plantId))).toBe(true);
      // asking for a plant outside the scope is refused and changes nothing
      const refused = new Promise<{ plantIds: string[] }>((resolve) => s.once('refused', resolve));
      const other = SEES[who].includes('xa-plant') ? 'bj-plant' : 'xa-plant';
      s.emit('subscribe', { plantIds: [other] });
      if (who === 'admin') {
        expect((await snapshot(s)).plants.map((p) => p.id)).toEqual([other]);
        s.emit('subscribe', {});
        await snapshot(s);
      } else expect(await refused).toEqual({ reason: 'OUT_OF_SCOPE', plantIds: [other] });
      const entry = { s, readings: [] as Reading[], alerts: [] as Alert[], kpiPlants: new Set<string>() };
      s.on('readings', (rs) => entry.readings.push(...rs));
      s.on('alert', (a) => entry.alerts.push(a));
      s.on('kpis', (ks) => ks.forEach((k) => entry.kpiPlants.add(k.plantId)));
      live[who] = entry;
    }
    // a reading in each plant, and a change to each plant's alert
    for (const [plantId, id] of [
      ['xa-plant', 'xa-motor'],
      ['bj-plant', 'bj-motor'],
    ]) {
      const c = await mqtt.connectAsync(server.mqttUrl, {
        username: `${plantId}/${id}`,
        clientId: `${plantId}/${id}/matrix`,
        password: `test-secret-${id}`,
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
      const payload = { v: 1, ts: Date.now(), metrics: { active_power: { value: 40, unit: 'kW' } } };
      await c.publishAsync(`plants/${plantId}/devices/${id}/telemetry`, JSON.stringify(payload), { qos: 1 });
      await c.endAsync();
    }
    await ctx.admin('/api/alerts/bj-alert/acknowledge', { method: 'POST', body: { comment: 'seen' } });
    await ctx.admin('/api/alerts/xa-alert/acknowledge', { method: 'POST', body: { comment: 'seen' } });
    await waitFor(
      () => Object.values(live).every((e) => e.readings.length >= 1 && e.alerts.length >= 1),
      'every socket got a reading and an alert',
    );
    await new Promise((r) => setTimeout(r, 600)); // a further batch would have arrived by now
    for (const [who, e] of Object.entries(live)) {
      const plants = SEES[who as keyof typeof SEES];
      expect([who, [...new Set(e.readings.map((r) => r.plantId))].sort()]).toEqual([who, plants]);
      expect([who, e.alerts.every((a) => plants.includes(a.plantId))]).toEqual([who, true]);
      expect([who, [...e.kpiPlants].every((p) => plants.includes(p))]).toEqual([who, true]);
    }
  });
});

describe('socket.io summarised view, per caller', () => {
  const SEES: Record<Exclude<Who, 'anonymous'>, string[]> = {
    admin: ['bj-plant', 'xa-plant'],
    operator: ['xa-plant'],
    'operator-out': ['bj-plant'],
    technician: ['xa-plant'],
    regulator: ['xa-plant'],
    'regulator-out': ['bj-plant'],
    'narrow-token': ['bj-plant'],
  };
  const motor = (plantId: string) => ({ plantId, deviceId: plantId === 'xa-plant' ? 'xa-motor' : 'bj-motor' });

  it('states of the plants in scope only; values only of the devices shown; a view outside the scope or too large is refused', async () => {
    const live = {} as Record<string, { frames: Reading[]; summaries: PlantSummary[] }>;
    for (const who of Object.keys(SEES) as Array<keyof typeof SEES>) {
      const s = open(callers[who], undefined, 'summary');
      const snap = await snapshot(s);
      expect([who, (snap.summaries ?? []).map((p) => p.plantId).sort()]).toEqual([who, SEES[who]]);
      expect(snap.devices.every((d) => d.latest === undefined)).toBe(true); // values come for the devices shown
      const refused = () => new Promise<{ reason: string }>((resolve) => s.once('refused', resolve));
      if (who !== 'admin') {
        const other = SEES[who].includes('xa-plant') ? 'bj-plant' : 'xa-plant';
        const r = refused();
        s.emit('view', { devices: [motor(other)] });
        expect(await r).toMatchObject({ reason: 'OUT_OF_SCOPE' });
      }
      const tooMany = refused();
      s.emit('view', { devices: Array.from({ length: VIEW_MAX_DEVICES + 1 }, () => motor(SEES[who][0])) });
      expect(await tooMany).toMatchObject({ reason: 'INVALID' });
      const entry = { frames: [] as Reading[], summaries: [] as PlantSummary[] };
      s.on('live', (bytes) => entry.frames.push(...decodeLiveFrame(bytes).readings));
      s.on('summary', (p) => entry.summaries.push(p));
      s.on('readings', (rs) => entry.frames.push(...rs)); // the full feed must not reach a summarised socket
      s.emit('view', { devices: SEES[who].map(motor) });
      live[who] = entry;
    }
    for (const { plantId, deviceId } of [motor('xa-plant'), motor('bj-plant')]) {
      const c = await mqtt.connectAsync(server.mqttUrl, {
        username: `${plantId}/${deviceId}`,
        clientId: `${plantId}/${deviceId}/matrix-view`,
        password: `test-secret-${deviceId}`,
        protocolVersion: 4,
        reconnectPeriod: 0,
      });
      const payload = { v: 1, ts: Date.now(), metrics: { active_power: { value: 41, unit: 'kW' } } };
      await c.publishAsync(`plants/${plantId}/devices/${deviceId}/telemetry`, JSON.stringify(payload), { qos: 1 });
      await c.endAsync();
    }
    await waitFor(
      () => Object.values(live).every((e) => e.frames.length >= 1),
      'a frame of its devices on every summarised socket (a summary follows only a change of state)',
    );
    await new Promise((r) => setTimeout(r, 1200)); // a further frame and summary would have arrived by now
    for (const [who, e] of Object.entries(live)) {
      const plants = SEES[who as keyof typeof SEES];
      expect([who, [...new Set(e.frames.map((r) => r.plantId))].sort()]).toEqual([who, plants]);
      expect([who, e.frames.every((r) => r.deviceId === motor(r.plantId).deviceId)]).toEqual([who, true]);
      expect([who, e.summaries.every((p) => plants.includes(p.plantId))]).toEqual([who, true]);
    }
  });
});

describe('the authorisation matrix', () => {
  it('has a cell for every route the server exposes, and no cell for a route it does not', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect([...routes].sort()).toEqual(Object.keys(CELLS).sort());
  });

  // routes in the cells' order (log-out last); the router's list is checked against it above
  for (const route of Object.keys(CELLS)) {
    const unsafe = !route.startsWith('GET ');
    // each cell is ~11 requests; creating accounts and checking passwords (scrypt) take their time
    it(`${route}`, async () => {
      const cell = CELLS[route];
      const got: Record<string, number> = {};
      const want: Record<string, number[]> = {};
      for (const who of WHO) {
        const res = await call(route, headersOf(callers[who], unsafe));
        got[who] = res.status;
        want[who] = expected(cell, who);
        const body = await res.text();
        if (res.status === 404 && want[who].length === 1 && cell.scoped && want[who][0] === 404 && cell.ok[0] !== 404)
          expect(JSON.parse(body)).toMatchObject({ reason: 'NOT_FOUND' }); // out of scope, existence not confirmed
        if (res.status === 401) expect(JSON.parse(body)).toMatchObject({ reason: 'UNAUTHENTICATED' });
        if (res.status === 403 && who !== 'narrow-token' && !cell.except?.[who])
          expect(JSON.parse(body)).toMatchObject({ reason: 'FORBIDDEN_ROLE' });
        if (cell.okReason && cell.ok.includes(res.status) && want[who] === cell.ok)
          expect(JSON.parse(body)).toMatchObject({ reason: cell.okReason }); // the handler's answer, not the guard's
        if (cell.list && res.status === 200) {
          if (['operator-out', 'regulator-out', 'narrow-token'].includes(who)) expect(body).not.toContain('xa-');
          if (['operator', 'technician', 'regulator'].includes(who)) expect(body).not.toContain('bj-');
        }
      }
      // cross-site: the admin's cookie, sent by a foreign page's form or fetch
      for (const kind of CROSS_SITE) {
        const headers: Record<string, Record<string, string>> = {
          'foreign-origin': { cookie: `qw_session=${callers.admin.cookie}`, 'x-qinwatt-csrf': '1', origin: FOREIGN },
          'text-plain': { cookie: `qw_session=${callers.admin.cookie}`, 'sec-fetch-site': 'cross-site' },
          'no-csrf-header': { cookie: `qw_session=${callers.admin.cookie}` },
        } satisfies Record<CrossSite, Record<string, string>>;
        const res = await call(route, headers[kind], kind === 'text-plain' ? 'text/plain' : undefined);
        got[kind] = res.status;
        // a read is answered (SameSite keeps the cookie from foreign pages, and no CORS header lets them read it);
        // every state change is refused
        want[kind] = unsafe ? [403] : expected(cell, 'admin');
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        const body = await res.text();
        if (unsafe) expect(JSON.parse(body)).toMatchObject({ reason: 'CSRF' });
      }
      const mismatches = Object.keys(want).filter((k) => !want[k].includes(got[k]));
      expect(mismatches.map((k) => `${k}: got ${got[k]}, want ${want[k].join('|')}`)).toEqual([]);
    }, 120_000);
  }
});

describe('revocation', () => {
  it('a revoked token and a closed session disconnect their sockets at once', async () => {
    const tokenSocket = open(callers['narrow-token']);
    await snapshot(tokenSocket);
    const cookie = await server.login();
    const sessionSocket = open({ cookie });
    await snapshot(sessionSocket);
    const gone = (s: Client) => new Promise<string>((resolve) => s.once('disconnect', resolve));
    const tokenGone = gone(tokenSocket);
    const sessionGone = gone(sessionSocket);
    const list = (await (await server.api('/api/auth/tokens')).json()) as Array<{ id: string; name: string }>;
    const id = list.find((t) => t.name === 'bj only')!.id;
    expect((await server.api(`/api/auth/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await tokenGone).toBe('io server disconnect');
    const out = await fetch(`${server.httpUrl}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: `qw_session=${cookie}`, 'x-qinwatt-csrf': '1' },
    });
    expect(out.status).toBe(204);
    expect(await sessionGone).toBe('io server disconnect');
    // and the revoked token no longer opens anything
    expect((await call('GET /api/fleet', { authorization: `Bearer ${callers['narrow-token'].token}` })).status).toBe(
      401,
    );
  });
});
