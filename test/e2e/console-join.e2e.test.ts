import mqtt from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import {
  topics,
  type Alert,
  type ClientToServerEvents,
  type FleetSnapshot,
  type KpiHistoryResponse,
  type ServerToClientEvents,
} from '#contracts';
import { startServer, type ServerProcess } from '../support/server-process.js';

const M1 = { username: 'p1/m1', password: 'test-secret-m1' };
const motorPayload = (ts: number, kw: number) =>
  JSON.stringify({ v: 1, ts, metrics: { active_power: { value: kw, unit: 'kW' }, current: { value: 95, unit: 'A' } } });

/** Polls until `get` gives a value; a failing test does not leave a loop running. */
async function waitFor<T>(what: string, get: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * What a console gets when it joins, and the timer that notices a silent device: the built server, real MQTT and
 * socket.io over TCP.
 */
describe('a console joining, and a device falling silent', () => {
  let server: ServerProcess;
  const sockets: Socket[] = [];
  const clients: mqtt.MqttClient[] = [];

  beforeAll(async () => {
    // a device silent for 2 s raises its "no data" alert (600 s in a plant)
    server = await startServer({ QW_SILENCE_MS: '2000' });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await server?.stop();
  });

  const join = async (): Promise<FleetSnapshot> => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.httpUrl, {
      transports: ['websocket'],
    });
    sockets.push(socket);
    return new Promise((res) => socket.once('snapshot', res));
  };
  const alerts = async (): Promise<Alert[]> =>
    (await (await fetch(`${server.httpUrl}/api/alerts?deviceId=m1`)).json()) as Alert[];

  it('sends the latest KPIs in the join snapshot, and devices without nameplates or secrets', async () => {
    const client = await mqtt.connectAsync(server.mqttUrl, {
      clientId: 'p1/m1',
      protocolVersion: 4,
      reconnectPeriod: 0,
      ...M1,
    });
    clients.push(client);
    await client.publishAsync(topics.deviceTelemetry('p1', 'm1'), motorPayload(Date.now() - 500, 48.5), { qos: 1 });
    // the KPI block is filled at once: a console joining after the device spoke gets its KPI in the snapshot (and
    // the reading, once the store has it)
    const snap = await waitFor('a snapshot with m1 KPI and reading', async () => {
      const s = await join();
      const m1 = s.devices.find((d) => d.device.id === 'm1');
      return s.kpis?.some((k) => k.deviceId === 'm1') && m1?.latest ? s : undefined;
    });
    const m1 = snap.devices.find((d) => d.device.id === 'm1')!;
    expect(Object.keys(m1.device).sort()).toEqual(['class', 'id', 'name', 'plantId']);
    expect(m1.latest?.metrics.active_power).toBe(48.5);
    expect(snap.kpis!.find((k) => k.deviceId === 'm1')!.unit).toBe('kW');

    // the device then says nothing: its "no data" alert opens on the timer, without waiting for it to speak
    const silent = await waitFor('a no-data alert', async () =>
      (await alerts()).find((a) => a.rule === 'dq.silent' && a.state === 'open'),
    );
    expect(silent.kind).toBe('data_quality');
    expect(silent.message.en).toContain('Motor 1');
    expect(silent.evidence.lastReceivedAt).toEqual(expect.any(Number));

    // it speaks again: the alert resolves
    await client.publishAsync(topics.deviceTelemetry('p1', 'm1'), motorPayload(Date.now(), 48.7), { qos: 1 });
    await waitFor('the no-data alert resolved', async () =>
      (await alerts()).find((a) => a.id === silent.id && a.state === 'resolved'),
    );

    // the KPI history of the unit from the stored readings, with the alert as a marker
    // (the store has the second reading once the spool has written it: asked until it does)
    const k = await waitFor('both readings in the KPI history', async () => {
      const to = Date.now();
      const url = `${server.httpUrl}/api/history/plants/p1/devices/m1/kpi?from=${to - 3_600_000}&to=${to}`;
      const body = (await (await fetch(url)).json()) as KpiHistoryResponse;
      return body.rows.length >= 2 ? body : undefined;
    });
    expect(k.unit).toBe('kW');
    expect(k.rows.map((r) => r.value)).toEqual([48.5, 48.7]);
    expect(k.markers.map((m) => m.id)).toContain(silent.id);
    const api = (await (await fetch(`${server.httpUrl}/api/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(api.paths)).toContain('/api/history/plants/{plantId}/devices/{deviceId}/kpi');
  }, 30_000);
});
