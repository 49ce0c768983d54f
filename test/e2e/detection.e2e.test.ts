import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import type { Alert, ClientToServerEvents, DeviceKpi, FleetSpec, RegimeSpec, ServerToClientEvents } from '#contracts';
import { startServer, TEST_FLEET, type ServerProcess, apiFetch, createAccount } from '../support/server-process.js';
import { publishScenario } from '../support/detection-scenario.js';

const fleet = JSON.parse(readFileSync(TEST_FLEET, 'utf8')) as FleetSpec;
const motor = fleet.devices.find((d) => d.id === 'm1')!;
const transformer = fleet.devices.find((d) => d.id === 't1')!;

async function post(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; json: Alert & { error?: string } }> {
  const res = await apiFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Alert & { error?: string } };
}

/**
 * The realistic regime (docs/device-sim.md): meters with the ratio errors and calibration drift of their accuracy
 * classes (0.2S on both sides of the transformer: its loss carries their difference), the daily ambient swing the
 * load loss follows, start-up transients and noise; one load level per day and no stops, so that four hours of data
 * stay on the operating points learned in them (a new point is 'outside baseline' for an hour before it is learned).
 */
const REALISTIC: RegimeSpec = {
  base: 'realistic',
  shifts: [{ start: '00:00', load: [0.5, 0.95] }],
  changesPerShift: 0,
  saturday: 'normal',
  sunday: 'normal',
  holiday: 'normal',
  trips: false,
};

describe('a transformer with a 5 % efficiency drop raises an alert end to end on a realistic regime (MQTT in, socket.io and REST out)', () => {
  let server: ServerProcess;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  beforeAll(async () => {
    // short learning periods: 20 operating minutes of fit, then calibration until the 15-minute chart has its
    // 10 samples (150 operating minutes)
    server = await startServer({ QW_DETECT_FIT_MIN: '20', QW_DETECT_CALIBRATE_MIN: '20' });
  });
  afterAll(async () => {
    socket?.close();
    await server?.stop();
  });

  it('alerts with evidence, is acknowledged and resolved through the API, and keeps its audit trail over a restart', async () => {
    socket = io(server.httpUrl, { auth: { token: server.token }, transports: ['websocket'] });
    await new Promise((res) => socket.once('snapshot', res));
    const alerts: Alert[] = [];
    const kpis: DeviceKpi[] = [];
    socket.on('alert', (a) => alerts.push(a));
    socket.on('kpis', (k) => kpis.push(...k));
    const raised = new Promise<Alert>((resolve) =>
      socket.on('alert', (a) => a.deviceId === 't1' && a.rule === 'drift.cusum' && resolve(a)),
    );

    const run = await publishScenario(server.mqttUrl, [motor, transformer], {
      learnMin: 200,
      stepMin: 30,
      drop: 0.05,
      faultDeviceId: 't1',
      regime: REALISTIC,
    });
    const alert = await raised;

    // detected within 15 minutes of data after the step, from the learned baseline, with its evidence
    expect(alert).toMatchObject({ plantId: 'p1', deviceId: 't1', class: 'transformer', kind: 'drift', state: 'open' });
    expect(alert.openedAt - run.stepAt).toBeGreaterThan(0);
    expect(alert.openedAt - run.stepAt).toBeLessThanOrEqual(15 * 60_000);
    const ev = alert.evidence as {
      estimatedShift: number;
      residuals: number[];
      baselineVersion: string;
      baseline: { coefficients: number[]; drivers: string[]; sigma: number };
      chart: { k: number; h: number };
    };
    expect(ev.estimatedShift).toBeGreaterThan(0.02);
    expect(ev.estimatedShift).toBeLessThan(0.1);
    expect(ev.residuals.length).toBeGreaterThan(5);
    expect(ev.baseline.drivers).toEqual(['1', 'beta', 'beta²·k(theta)']);
    expect(ev.baseline.sigma).toBeGreaterThan(0);
    expect(ev.chart).toMatchObject({ k: 0.5 });
    expect(ev.baselineVersion).toMatch(/^baselines-/);
    // no false alarm while learning or before the step; the motor's KPI went out live
    expect(alerts.filter((a) => a.openedAt < run.stepAt)).toEqual([]);
    expect(kpis.some((k) => k.deviceId === 't1' && k.unit === '%' && k.judgement.status === 'judged')).toBe(true);
    // the motor is metered on input power only: its efficiency is not observable, and no assumed value is shown
    const m1 = kpis.filter((k) => k.deviceId === 'm1');
    expect(m1.length).toBeGreaterThan(0);
    expect(
      m1.every(
        (k) => !k.observable && k.unit === 'kW' && k.grade === undefined && k.judgement.status === 'not_observable',
      ),
    ).toBe(true);

    // two operators of the plant; the audit trail names the account that authenticated, never a `by` in the body
    const li = await createAccount(server, { username: 'li.wei', role: 'operator', scope: { plants: ['p1'] } });
    const zhang = await createAccount(server, { username: 'zhang.min', role: 'operator', scope: { plants: ['p1'] } });
    const base = `${server.httpUrl}/api/alerts/${alert.id}`;
    expect((await post(`${base}/resolve`, {}, li.token)).status).toBe(400); // a manual resolve needs a comment
    const acked = await post(`${base}/acknowledge`, { by: 'zhang.min', comment: 'checking the bearings' }, li.token);
    expect(acked.status).toBe(201);
    expect(acked.json.state).toBe('acknowledged');
    expect((await post(`${base}/acknowledge`, {}, li.token)).status).toBe(409);
    const resolved = await post(`${base}/resolve`, { by: 'someone.else', comment: 'bearing replaced' }, zhang.token);
    expect(resolved.json.state).toBe('resolved');

    const trail = (a: Alert) => a.history.map((h) => [h.state, h.by, h.comment]);
    const expected = [
      ['open', 'system', alert.message.en],
      ['acknowledged', 'li.wei', 'checking the bearings'],
      ['resolved', 'zhang.min', 'bearing replaced'],
    ];
    const one = (await (await apiFetch(base)).json()) as Alert;
    expect(trail(one)).toEqual(expected);
    expect(one.history.every((h) => h.at > 0)).toBe(true);
    const list = (await (await apiFetch(`${server.httpUrl}/api/alerts?deviceId=t1&state=resolved`)).json()) as Alert[];
    expect(list.map((a) => a.id)).toContain(alert.id);
    const api = (await (await apiFetch(`${server.httpUrl}/api/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(api.paths)).toEqual(expect.arrayContaining(['/api/alerts', '/api/alerts/{id}/acknowledge']));
    expect(Object.keys(api.paths)).toEqual(
      expect.arrayContaining([
        '/api/detection/plants/{plantId}/devices/{deviceId}/relearn',
        '/api/detection/audit',
        '/api/register',
      ]),
    );

    // after the repair the baseline is learned again, on an audited action with a reason
    const relearnUrl = `${server.httpUrl}/api/detection/plants/p1/devices/t1/relearn`;
    expect((await post(relearnUrl, {}, zhang.token)).status).toBe(400);
    expect((await post(`${server.httpUrl}/api/detection/plants/p1/devices/nope/relearn`, { reason: 'x' })).status).toBe(
      404,
    );
    expect((await post(relearnUrl, { by: 'li.wei', reason: 'core bolts re-tightened' }, zhang.token)).status).toBe(201);
    const audit = async () =>
      (await (await apiFetch(`${server.httpUrl}/api/detection/audit?deviceId=t1`)).json()) as unknown[];
    expect(await audit()).toEqual([expect.objectContaining({ by: 'zhang.min', reason: 'core bolts re-tightened' })]);

    // the alert, its audit trail and the learned baseline survive a restart
    socket.close();
    expect(await server.stop()).toBe(0);
    server = await startServer({ QW_DATA_DIR: server.dataDir, QW_DETECT_FIT_MIN: '20', QW_DETECT_CALIBRATE_MIN: '20' });
    const again = (await (await apiFetch(`${server.httpUrl}/api/alerts/${alert.id}`)).json()) as Alert;
    expect(trail(again)).toEqual(expected);
    const started = server.logs
      .map((l) => (l.startsWith('{') ? JSON.parse(l) : {}))
      .find((r) => r.msg === 'detection started');
    expect(started).toMatchObject({ restored: 2 });
    expect(await audit()).toHaveLength(1);
    // days of realistic data over MQTT and a server restart: more than jest's default on a busy 2-core machine
  }, 120_000);
});
