import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, Reading, ServerToClientEvents, SimRunInfo, SimStatus } from '#contracts';
import { generateRecording, loadFleet, recordingText } from '#device-sim';
import { startServer, TEST_FLEET, type ServerProcess, apiFetch } from '../support/server-process.js';
import { runCli } from '../support/sim-cli.js';
import { waitFor } from '../support/wait.js';

const dir = mkdtempSync(join(tmpdir(), 'qw-sim-control-'));

describe('simulator control through the platform API (real server with the demo plant running)', () => {
  let server: ServerProcess;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  const m1: Reading[] = [];
  const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await apiFetch(`${server.httpUrl}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const until = async (run: string, states = ['done', 'stopped', 'failed']): Promise<SimRunInfo> => {
    let info: SimRunInfo | undefined;
    await waitFor(
      async () => {
        const { status, body } = await api<SimRunInfo>('GET', `/api/sim/runs/${run}`);
        if (status !== 200) throw new Error(`GET /api/sim/runs/${run}: ${status} ${JSON.stringify(body)}`);
        info = body;
        return states.includes(body.state);
      },
      `run ${run} to be ${states.join(' or ')}`,
    );
    return info!;
  };
  const readingsAfter = async (ts: number, n: number): Promise<Reading[]> => {
    const fresh = () => m1.filter((r) => r.ts > ts && r.sim === 'demo');
    await waitFor(() => fresh().length >= n, `${n} demo readings of m1`);
    return fresh().slice(0, n);
  };

  beforeAll(async () => {
    server = await startServer({ QW_DEMO: 'true', QW_DEMO_INTERVAL_MS: '100' });
    socket = io(server.httpUrl, { auth: { token: server.token }, transports: ['websocket'] });
    socket.on('readings', (rs) => m1.push(...rs.filter((r) => r.deviceId === 'm1')));
  });
  afterAll(async () => {
    socket?.close();
    await server?.stop();
  });

  it('injects an efficiency drop into a running demo device: its input power rises accordingly', async () => {
    const status = await runCli(['control', 'status', '--url', server.httpUrl]);
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as SimStatus).demo).toMatchObject({ runId: 'demo', devices: 2, faults: [] });

    const before = await readingsAfter(0, 4);
    const injected = await runCli([
      'control',
      'inject',
      JSON.stringify({ type: 'efficiency_step', device: 'm1', drop: 0.5 }),
      '--url',
      server.httpUrl,
    ]);
    expect(injected.code).toBe(0);
    const fault = JSON.parse(injected.stdout) as { id: string; from: number };
    const after = await readingsAfter(fault.from, 4);
    const mean = (rs: Reading[]) => rs.reduce((a, r) => a + r.metrics.active_power!, 0) / rs.length;
    expect(mean(after) / mean(before)).toBeGreaterThan(1.7); // half the efficiency ≈ twice the input power

    expect((await api<SimStatus>('GET', '/api/sim/runs')).body.demo!.faults).toHaveLength(1);
    expect((await api('DELETE', '/api/sim/faults?device=m1')).body).toEqual({ cleared: 1 });
  });

  it('refuses bad control requests with a reason', async () => {
    const bad = await api<{ message: string }>('POST', '/api/sim/faults', {
      fault: { type: 'efficiency_step', device: 'nope', drop: 0.1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('no device nope');
    expect((await api('GET', '/api/sim/runs/none')).status).toBe(404);
    const scn = await api<{ message: string }>('POST', '/api/sim/scenarios', { scenario: { duration: '9d' } });
    expect(scn.status).toBe(400);
    expect(scn.body.message).toContain('at most 6d');
    const doc = await api<{ paths: Record<string, unknown> }>('GET', '/api/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/sim/runs', '/api/sim/faults', '/api/sim/replays']),
    );
  });

  it('starts a scenario on the platform fleet, and stops a long one', async () => {
    const started = await api<SimRunInfo>('POST', '/api/sim/scenarios', {
      scenario: {
        name: 'half hour',
        plant: 'p1',
        duration: '30m',
        step: '10s',
        faults: [{ type: 'degradation', device: 't1', perDay: 0.5 }],
      },
    });
    expect(started.status).toBe(202);
    const done = await until(started.body.id);
    expect(done).toMatchObject({
      kind: 'scenario',
      state: 'done',
      result: { devices: 2, sent: 362, acked: 362, errors: 0 },
    });
    expect(done.faults).toEqual([expect.objectContaining({ type: 'degradation', device: 't1' })]);

    const long = await api<SimRunInfo>('POST', '/api/sim/scenarios', {
      scenario: { name: 'long', duration: '5d', step: '1s' },
    });
    expect(long.status).toBe(202);
    await until(long.body.id, ['running']);
    const stop = await runCli(['control', 'stop', long.body.id, '--url', server.httpUrl]);
    expect(stop.code).toBe(0);
    expect(JSON.parse(stop.stdout)).toMatchObject({ id: long.body.id, state: 'stopped' });
  });

  it('uploads a recording and replays it on the platform, retimed, as fast as acknowledgements allow', async () => {
    const fleet = loadFleet(TEST_FLEET);
    const rec = generateRecording({
      fleet,
      seed: 5,
      runId: 'old',
      from: Date.parse('2026-01-01T00:00:00Z'),
      to: Date.parse('2026-01-01T00:10:00Z'),
      stepMs: 10_000,
    });
    const file = join(dir, 'old.jsonl');
    writeFileSync(file, recordingText(rec));
    const r = await runCli(['control', 'replay', file, '--speed', 'max', '--retime', '--url', server.httpUrl]);
    expect(r.code).toBe(0);
    const done = await until((JSON.parse(r.stdout) as SimRunInfo).id);
    expect(done).toMatchObject({ kind: 'replay', state: 'done', result: { sent: 122, acked: 122, errors: 0 } });
  });
});
