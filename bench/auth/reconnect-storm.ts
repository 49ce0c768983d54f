/**
 * Reconnect storm: boot the built server with a generated fleet, have every device connect at once (several
 * load processes of raw MQTT sockets, see storm-client.ts), and print the time from boot to all connected; then
 * restart it with every device reconnecting, with and without a flood of wrong secrets from another address.
 *
 *   npm run bench:reconnect -- [--devices 20000] [--credentials plain|hash] [--flood 500] [--processes 4]
 *                              [--server <built main.js>, e.g. an older build to compare] [--out results.json]
 *
 * `plain`: the fleet file carries each device's secret (a lab or demo fleet). `hash`: it carries scrypt hashes, as
 * for secrets the API issued; the first boot then checks each device's secret with scrypt once, a restart not.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, oneOf, positive } from '../lib/cli.js';
import { hashSecretSync } from '../../apps/server/src/fleet/credentials.js';
import { freePort, sleep, spawnService, type Service } from '../lib/procs.js';
import { SERVER_MAIN } from '../lib/server.js';
import type { StormClientSpec, StormReport } from './storm-client.js';

const CLIENT = fileURLToPath(new URL('./storm-client.js', import.meta.url));

export interface StormOptions {
  devices: number;
  credentials: 'plain' | 'hash';
  /** wrong-secret CONNECTs per second in the flood phase */
  flood: number;
  processes: number;
  server: string;
  /** give up on a phase after this long */
  phaseTimeoutMs: number;
  log: (line: string) => void;
}

export interface PhaseResult {
  phase: string;
  devices: number;
  /** server start to "qinwatt ready" */
  readyMs: number;
  /** server start to every device connected (undefined: not within the timeout) */
  allConnectedMs?: number;
  connected: number;
  /** the devices' refused CONNECTs by CONNACK code ('closed': no CONNACK) */
  refused: Record<string, number>;
  floodAttempts: number;
  floodRefused: Record<string, number>;
}

function writeFleet(dir: string, o: StormOptions): Array<{ username: string; password: string }> {
  const shared = 'storm-shared-secret-0001';
  // one scrypt hash for all: the server still checks each device's secret on its own (per user name), and
  // hashing 20,000 distinct secrets here would take 19 minutes
  const secretHash = o.credentials === 'hash' ? hashSecretSync(shared) : undefined;
  const devices = Array.from({ length: o.devices }, (_, i) => ({
    id: `m${i}`,
    plantId: 'p1',
    class: 'motor',
    name: `Motor ${i}`,
    nameplate: { ratedKw: 55, ratedEfficiency: 94.6 },
    ...(secretHash ? { secretHash } : { secret: `storm-secret-${i}-x` }),
  }));
  writeFileSync(join(dir, 'fleet.json'), JSON.stringify({ plants: [{ id: 'p1', name: 'Storm plant' }], devices }));
  return devices.map((d) => ({
    username: `p1/${d.id}`,
    password: secretHash ? shared : `storm-secret-${d.id.slice(1)}-x`,
  }));
}

function startClient(spec: StormClientSpec, onReport: (r: StormReport) => void): ChildProcess {
  const child = fork(CLIENT, [], { stdio: 'ignore' });
  child.on('message', (r) => onReport(r as StormReport));
  child.send(spec);
  return child;
}

const sum = (rs: Array<Record<string, number>>) => {
  const out: Record<string, number> = {};
  for (const r of rs) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
  return out;
};

export async function runStorm(o: StormOptions): Promise<PhaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'qw-storm-'));
  const logins = writeFleet(dir, o);
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_OPTIONS: '',
    QW_HTTP_PORT: '0',
    QW_MQTT_PORT: String(port),
    QW_DATA_DIR: join(dir, 'data'),
    QW_FLEET_FILE: join(dir, 'fleet.json'),
    QW_DEMO: 'false',
    QW_LOG_LEVEL: 'info',
    QW_MQTT_MAX_CONNECTIONS: String(o.devices + 1000),
  };
  const boot = () => {
    const started = performance.now();
    const svc = spawnService('qinwatt', process.execPath, [o.server], { env });
    const ready = new Promise<number>((resolve) =>
      svc.onLine((l) => l.includes('"qinwatt ready"') && resolve(performance.now() - started)),
    );
    return { svc, started, ready };
  };

  // the devices: one report per load process, kept across phases (they reconnect by themselves)
  const reports: StormReport[] = [];
  const per = Math.ceil(logins.length / o.processes);
  const clients: ChildProcess[] = [];
  const results: PhaseResult[] = [];
  let server: Service | undefined;
  try {
    for (const [phase, flooded] of [
      ['first boot', false],
      ['restart', false],
      ['restart + flood', true],
    ] as const) {
      if (server) await server.stop();
      const refusedBefore = sum(reports.map((r) => r.refused));
      const b = boot();
      server = b.svc;
      if (!clients.length)
        for (let k = 0; k < o.processes; k++) {
          const devices = logins.slice(k * per, (k + 1) * per);
          clients.push(startClient({ port, localAddress: `127.0.1.${k + 1}`, devices }, (r) => (reports[k] = r)));
        }
      let floodReport: StormReport = { connected: 0, refused: {}, attempts: 0 };
      const flooder = flooded
        ? startClient({ port, localAddress: '127.0.2.1', devices: logins, floodPerSecond: o.flood }, (r) => {
            floodReport = r;
          })
        : undefined;
      const connected = () => reports.reduce((n, r) => n + (r?.connected ?? 0), 0);
      let allConnectedMs: number | undefined;
      const deadline = performance.now() + o.phaseTimeoutMs;
      let lastLog = performance.now();
      // a report is up to 100 ms old: wait until the server is ready and every device says it is in
      for (;;) {
        await sleep(50);
        if (connected() === logins.length && (await Promise.race([b.ready.then(() => true), sleep(0)]))) {
          allConnectedMs = performance.now() - b.started;
          break;
        }
        if (performance.now() > deadline) break;
        if (performance.now() - lastLog > 10_000) {
          lastLog = performance.now();
          o.log(
            `  ${phase}: ${connected()} of ${logins.length} connected after ${((lastLog - b.started) / 1000).toFixed(0)} s`,
          );
        }
      }
      flooder?.kill();
      const refusedNow = sum(reports.map((r) => r.refused));
      const refused: Record<string, number> = {};
      for (const [k, v] of Object.entries(refusedNow))
        if (v - (refusedBefore[k] ?? 0)) refused[k] = v - (refusedBefore[k] ?? 0);
      results.push({
        phase,
        devices: logins.length,
        readyMs: await Promise.race([b.ready, sleep(1).then(() => NaN)]),
        allConnectedMs,
        connected: connected(),
        refused,
        floodAttempts: floodReport.attempts,
        floodRefused: floodReport.refused,
      });
      o.log(format(results.at(-1)!));
    }
  } finally {
    for (const c of clients) c.kill();
    await server?.stop();
  }
  return results;
}

export function format(r: PhaseResult): string {
  const s = (ms?: number) => (ms === undefined ? 'not all' : `${(ms / 1000).toFixed(1)} s`);
  const codes = (x: Record<string, number>) =>
    Object.entries(x)
      .map(([k, v]) => `${k}:${v}`)
      .join(' ') || 'none';
  const flood = r.floodAttempts ? ` | flood ${r.floodAttempts} CONNECTs, answers ${codes(r.floodRefused)}` : '';
  return `${r.phase.padEnd(16)} ${r.devices} devices: ready ${s(r.readyMs)}, all connected ${s(r.allConnectedMs)} (${r.connected} in), devices refused ${codes(r.refused)}${flood}`;
}

async function main(): Promise<void> {
  const v = cli(
    process.argv.slice(2),
    'npm run bench:reconnect -- [options]',
    'Every device of a large fleet reconnects at once (a broker restart) while a flood of bad CONNECTs arrives;\nprints how long until all are in, and what was refused.',
    {
      devices: { type: 'string', arg: '<n>', help: 'devices reconnecting (default 20000)' },
      credentials: { type: 'string', arg: '<plain|hash>', help: 'secrets in the fleet file (default plain)' },
      flood: { type: 'string', arg: '<n>', help: 'bad CONNECTs per second (default 500)' },
      processes: { type: 'string', arg: '<n>', help: 'client processes (default 4)' },
      server: { type: 'string', arg: '<file>', help: 'the server entry point (default the built one)' },
      timeout: { type: 'string', arg: '<s>', help: 'seconds per phase before giving up (default 900)' },
      out: { type: 'string', arg: '<file>', help: 'also write the results as JSON' },
    },
    (o) => ({
      devices: String(positive(o.devices, 'devices', 20_000, true)),
      credentials: oneOf(o.credentials, 'credentials', ['plain', 'hash'] as const, 'plain'),
      flood: String(positive(o.flood, 'flood', 500)),
      processes: String(positive(o.processes, 'processes', 4, true)),
      server: o.server ?? SERVER_MAIN,
      timeout: String(positive(o.timeout, 'timeout', 900)),
      out: o.out,
    }),
  );
  console.log(
    `reconnect storm: ${v.devices} devices (${v.credentials} credentials), flood ${v.flood}/s, server ${v.server}`,
  );
  const results = await runStorm({
    devices: Number(v.devices),
    credentials: v.credentials,
    flood: Number(v.flood),
    processes: Number(v.processes),
    server: v.server!,
    phaseTimeoutMs: Number(v.timeout) * 1000,
    log: (l) => console.log(l),
  });
  if (v.out) writeFileSync(v.out, JSON.stringify(results, null, 1));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
