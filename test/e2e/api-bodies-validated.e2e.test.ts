import { io } from 'socket.io-client';
import type { ApiErrorBody, DeviceSpec, ServerToClientEvents } from '#contracts';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';

type Snapshot = Parameters<ServerToClientEvents['snapshot']>[0];

/** A nameplate nested `depth` levels deep, as JSON text (JSON.stringify itself overflows long before 4,150). */
const deepNameplate = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

async function send(server: ServerProcess, method: string, path: string, body: string) {
  const res = await apiFetch(`${server.httpUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: (await res.json()) as ApiErrorBody & Record<string, unknown> };
}

const snapshot = (server: ServerProcess) =>
  new Promise<Snapshot>((resolve, reject) => {
    const socket = io(server.httpUrl, {
      auth: { token: server.token },
      transports: ['websocket'],
      reconnection: false,
    });
    const timer = setTimeout(() => reject(new Error('no socket.io snapshot')), 5000);
    socket.once('snapshot', (s) => {
      clearTimeout(timer);
      socket.close();
      resolve(s);
    });
  });

describe('request bodies are validated at the boundary (the built server)', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a nameplate nested 4,150 levels deep with a 400 and changes nothing', async () => {
    const body = `{"id":"deep","plantId":"p1","class":"motor","nameplate":${deepNameplate(4150)}}`;
    const res = await send(server, 'POST', '/api/fleet/devices', body);
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([expect.objectContaining({ path: '', code: 'BODY_TOO_DEEP' })]);

    const fleet = await apiFetch(`${server.httpUrl}/api/fleet`);
    expect(fleet.status).toBe(200);
    const { devices } = (await fleet.json()) as { devices: DeviceSpec[] };
    expect(devices.map((d) => d.id)).not.toContain('deep');
    // the live console still connects (the device kept in memory used to crash socket.io's encoder)
    expect((await snapshot(server)).devices.map((d) => d.device.id)).not.toContain('deep');
  });

  it('lists every problem of a body at once, each with its field and reason code', async () => {
    const body = JSON.stringify({
      id: 'bad id!',
      plantId: 'p1',
      class: 'warp',
      name: 'x'.repeat(129),
      nameplate: { ratedKw: 'fast', sub: { nested: true } },
      colour: 'red',
    });
    const res = await send(server, 'POST', '/api/fleet/devices', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.problems.map((p) => [p.path, p.code]).sort()).toEqual(
      [
        ['', 'UNKNOWN_FIELD'],
        ['class', 'NOT_ALLOWED'],
        ['id', 'BAD_FORMAT'],
        ['name', 'TOO_LONG'],
        ['nameplate.ratedKw', 'WRONG_TYPE'],
        ['nameplate.sub', 'NOT_ALLOWED'],
      ].sort(),
    );
    expect(res.body.message).toHaveLength(res.body.problems.length);
  });

  it('refuses malformed JSON (400), an over-large body (413) and a bad secret, in the same shape', async () => {
    const malformed = await send(server, 'POST', '/api/fleet/devices', '{"id":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.problems[0].code).toBe('MALFORMED_JSON');

    const large = await send(
      server,
      'POST',
      '/api/fleet/devices',
      JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expect(large.status).toBe(413);
    expect(large.body.problems[0].code).toBe('BODY_TOO_LARGE');

    const secret = await send(server, 'POST', '/api/fleet/plants/p1/devices/m1/secret', '{"secret":"short"}');
    expect(secret.status).toBe(400);
    expect(secret.body.problems).toEqual([expect.objectContaining({ path: 'secret', code: 'TOO_SHORT' })]);

    const unknownPlant = await send(
      server,
      'POST',
      '/api/fleet/devices',
      JSON.stringify({ id: 'm7', plantId: 'nowhere', class: 'motor', nameplate: {} }),
    );
    expect(unknownPlant.status).toBe(400);
    expect(unknownPlant.body.problems[0]).toMatchObject({ code: 'INVALID', message: expect.stringMatching(/plantId/) });
  });

  it('still saves the fleet overlay afterwards: a valid device survives a restart', async () => {
    const made = await send(
      server,
      'POST',
      '/api/fleet/devices',
      JSON.stringify({ id: 'm8', plantId: 'p1', class: 'motor', name: 'Motor 8', nameplate: { ratedKw: 15 } }),
    );
    expect(made.status).toBe(201);
    expect((await snapshot(server)).devices.map((d) => d.device.id)).toContain('m8');

    await server.stop();
    server = await startServer({ QW_DATA_DIR: server.dataDir });
    const { devices } = (await (await apiFetch(`${server.httpUrl}/api/fleet`)).json()) as { devices: DeviceSpec[] };
    expect(devices.find((d) => d.id === 'm8')).toMatchObject({ name: 'Motor 8', nameplate: { ratedKw: 15 } });
  });
});
