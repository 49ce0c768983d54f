import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import type { FleetSnapshot, ServerToClientEvents } from '#contracts';
import { generateFleet, type LoadSummary } from '#device-sim';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';
import { runCli } from '../support/sim-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'qw-sim-platform-'));
const fleetFile = join(dir, 'fleet.json');
const fleet = generateFleet({ devices: 200, gateways: 4, plants: 1, seed: 3, secrets: true });
writeFileSync(fleetFile, JSON.stringify(fleet));

const health = async (s: ServerProcess) =>
  (
    (await (await apiFetch(`${s.httpUrl}/health`)).json()) as {
      counters: { accepted: number; rejected: Record<string, number> };
    }
  ).counters;

describe('the simulator against a live platform (real server process, real MQTT and socket.io)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ QW_FLEET_FILE: fleetFile });
  });
  afterAll(async () => server?.stop());

  it('verify passes a scenario whose expectations hold (no faults, no alerts), in compressed time', async () => {
    const file = join(dir, 'quiet.yaml');
    writeFileSync(
      file,
      [
        'name: quiet hour',
        'plant: plant-1',
        'devices: [d001, d002, d003]',
        'duration: 1h',
        'step: 10s',
        'settle: 300ms',
        'expect: []',
      ].join('\n'),
    );
    const before = await health(server);
    const r = await runCli(['verify', file, '--url', server.httpUrl, '--mqtt', server.mqttUrl, '--fleet', fleetFile]);
    expect(r.stdout).toContain('scenario "quiet hour": PASS');
    expect(r.code).toBe(0);
    const after = await health(server);
    expect(after.accepted - before.accepted).toBe(3 * 361); // an hour of data at 10 s, all accepted

    // the readings are marked as simulated, with the run id
    const socket = io(server.httpUrl, { auth: { token: server.token }, transports: ['websocket'] });
    const snap = await new Promise<FleetSnapshot>((res) =>
      socket.once('snapshot', res as ServerToClientEvents['snapshot']),
    );
    socket.close();
    expect(snap.devices.find((d) => d.device.id === 'd001')?.latest?.sim).toMatch(/^verify-/);
  });

  it('verify fails with a readable diff when an expected alert is missing', async () => {
    const file = join(dir, 'missing.yaml');
    writeFileSync(
      file,
      [
        'name: expects what cannot happen',
        'plant: plant-1',
        // devices of their own: d001-d003 already have this data window's readings, from the run above
        'devices: [d004, d005]',
        'duration: 30m',
        'step: 30s',
        'settle: 300ms',
        'faults:',
        '  - { type: efficiency_step, device: d004, at: 10m, drop: 0.02 }',
        'expect:',
        `  - { device: d005, class: ${fleet.devices[4].class}, within: 5m, after: 20m }`,
      ].join('\n'),
    );
    const r = await runCli(['verify', file, '--url', server.httpUrl, '--mqtt', server.mqttUrl, '--fleet', fleetFile]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('scenario "expects what cannot happen": FAIL');
    expect(r.stdout).toContain(
      `- missing   expected ${fleet.devices[4].class} alert on d005 opening between +00:20:00 and +00:25:00: no such alert`,
    );
  });

  it('load mode: gateway-batched devices at a target rate, progress lines, a JSON summary, all stored', async () => {
    const before = await health(server);
    const json = join(dir, 'load.json');
    const r = await runCli([
      'load',
      '--url',
      server.mqttUrl,
      '--fleet',
      fleetFile,
      '--devices',
      '200',
      '--mode',
      'gateway',
      '--rate',
      '2',
      '--ramp',
      '1s',
      '--duration',
      '3s',
      '--json',
      json,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /devices 200 +sent [\d,]+ +acked [\d,]+ +rate [\d,]+\/s .* p50 [\d.]+ms p95 [\d.]+ms p99 [\d.]+ms/,
    );
    const s = JSON.parse(readFileSync(json, 'utf8')) as LoadSummary;
    expect(s).toMatchObject({ mode: 'gateway', devices: 200, connections: 4, errors: 0, unackedAtEnd: 0 });
    expect(s.acked.readings).toBe(s.sent.readings);
    expect(s.sent.readings).toBeGreaterThan(600); // ramp over 1 s, then 400 readings/s for 2 s
    expect(s.latencyMs.count).toBe(s.sent.messages);
    const after = await health(server);
    expect(after.accepted - before.accepted).toBe(s.sent.readings);

    const direct = await runCli([
      'load',
      '--url',
      server.mqttUrl,
      '--fleet',
      fleetFile,
      '--devices',
      '20',
      '--mode',
      'direct',
      '--rate',
      '2',
      '--duration',
      '1s',
    ]);
    expect(direct.code).toBe(0);
    expect(JSON.parse(direct.stdout)).toMatchObject({ mode: 'direct', devices: 20, connections: 20, errors: 0 });
  });
});
