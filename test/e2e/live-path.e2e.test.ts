import mqtt from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { topics, type ClientToServerEvents, type Reading, type ServerToClientEvents } from '#contracts';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';

/** m1's credentials from test/fixtures/fleet.json */
const M1 = { username: 'p1/m1', password: 'test-secret-m1' };

const motorPayload = (ts: number, kw: number) =>
  JSON.stringify({ v: 1, ts, metrics: { active_power: { value: kw, unit: 'kW' }, current: { value: 95, unit: 'A' } } });

describe('a reading from an MQTT meter reaches a socket.io client (real broker, real TCP)', () => {
  let server: ServerProcess;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    socket?.close();
    await server?.stop();
  });

  it('publishes over MQTT, stores it, and pushes it live', async () => {
    socket = io(server.httpUrl, { auth: { token: server.token }, transports: ['websocket'] });
    const snapshot = await new Promise<Parameters<ServerToClientEvents['snapshot']>[0]>((res) =>
      socket.once('snapshot', res),
    );
    expect(snapshot.devices.map((d) => d.device.id).sort()).toEqual(['m1', 't1']);

    const received = new Promise<Reading>((resolve) =>
      socket.on('readings', (rs) => {
        const r = rs.find((x) => x.deviceId === 'm1');
        if (r) resolve(r);
      }),
    );
    const client = await mqtt.connectAsync(server.mqttUrl, { clientId: 'p1/m1', protocolVersion: 4, ...M1 });
    const ts = Date.now() - 1000;
    await client.publishAsync(topics.deviceTelemetry('p1', 'm1'), motorPayload(ts, 48.5), { qos: 1 });
    await client.endAsync();

    const r = await received;
    expect(r).toMatchObject({ plantId: 'p1', deviceId: 'm1', class: 'motor', ts });
    expect(r.metrics.active_power).toBe(48.5);

    const health = (await (await apiFetch(`${server.httpUrl}/health`)).json()) as {
      counters: { accepted: number };
    };
    expect(health.counters.accepted).toBe(1);
  });

  it('converts units at the boundary: 48 500 W arrives as 48.5 kW', async () => {
    const ts = Date.now();
    const received = new Promise<Reading>((resolve) =>
      socket.on('readings', (rs) => {
        const r = rs.find((x) => x.deviceId === 'm1' && x.ts === ts);
        if (r) resolve(r);
      }),
    );
    const client = await mqtt.connectAsync(server.mqttUrl, { clientId: 'p1/m1', protocolVersion: 4, ...M1 });
    await client.publishAsync(
      topics.deviceTelemetry('p1', 'm1'),
      JSON.stringify({ v: 1, ts, metrics: { active_power: { value: 48_500, unit: 'W' } } }),
      { qos: 1 },
    );
    await client.endAsync();
    expect((await received).metrics.active_power).toBeCloseTo(48.5, 9);
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM closes the broker, keeps acknowledged readings, exits 0 within 5 s', async () => {
    const first = await startServer();
    const client = await mqtt.connectAsync(first.mqttUrl, {
      clientId: 'p1/m1',
      protocolVersion: 4,
      reconnectPeriod: 0,
      ...M1,
    });
    const base = Date.now() - 60_000;
    for (let i = 0; i < 50; i++)
      await client.publishAsync(topics.deviceTelemetry('p1', 'm1'), motorPayload(base + i * 1000, 40 + i), { qos: 1 });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));

    const t0 = Date.now();
    const code = await first.stop('SIGTERM');
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);
    await closed; // the broker closed the device's connection
    client.end(true);

    const second = await startServer({ QW_DATA_DIR: first.dataDir });
    try {
      const socket = io(second.httpUrl, { auth: { token: second.token }, transports: ['websocket'] });
      const snap = await new Promise<Parameters<ServerToClientEvents['snapshot']>[0]>((res) =>
        socket.once('snapshot', res),
      );
      socket.close();
      const m1 = snap.devices.find((d) => d.device.id === 'm1');
      expect(m1?.latest?.ts).toBe(base + 49_000);
      expect(m1?.latest?.metrics.active_power).toBe(89);
    } finally {
      await second.stop();
    }
  });
});
