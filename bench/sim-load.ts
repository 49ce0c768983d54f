/**
 * Simulator load benchmark: one simulator process, N devices gateway-batched at one reading per second, first
 * against a bare aedes broker (the simulator's own ceiling), then against the real platform (server process,
 * embedded store), same machine, same run. Prints both summaries and their ratio.
 *   npm run bench:sim -- [--devices 20000] [--gateways 40] [--seconds 60]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { generateFleet, type LoadSummary } from '#device-sim';
import { cli, positive } from './lib/cli.js';

const { devices, gateways, seconds } = cli(
  process.argv.slice(2),
  'npm run bench:sim -- [options]',
  'One simulator process, gateway-batched at one reading per device per second, against a bare aedes broker and\nthen the real platform in the same run; prints both summaries and their ratio.',
  {
    devices: { type: 'string', arg: '<n>', help: 'simulated devices (default 20000)' },
    gateways: { type: 'string', arg: '<n>', help: 'gateways they are behind (default 40)' },
    seconds: { type: 'string', arg: '<n>', help: 'seconds of load per target (default 60)' },
  },
  (v) => ({
    devices: positive(v.devices, 'devices', 20_000, true),
    gateways: positive(v.gateways, 'gateways', 40, true),
    seconds: positive(v.seconds, 'seconds', 60),
  }),
);
const ramp = Math.min(10, Math.round(seconds / 6));
const dir = mkdtempSync(join(tmpdir(), 'qw-bench-sim-'));
const fleetFile = join(dir, 'fleet.json');
writeFileSync(fleetFile, JSON.stringify(generateFleet({ devices, gateways, secrets: true })));
const CLI = join(process.cwd(), 'dist/device-sim/src/cli.js');
const env = { ...process.env, NODE_OPTIONS: '' };

/** Starts a child and resolves with it and the MQTT URL it prints. */
function start(args: string[], extraEnv: Record<string, string>, ready: (line: string) => string | undefined) {
  const p = spawn(process.execPath, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise<{ p: ChildProcess; url: string }>((resolve, reject) => {
    p.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}`)));
    createInterface({ input: p.stdout! }).on('line', (line) => {
      const url = ready(line);
      if (url) resolve({ p, url });
    });
  });
}

const aedesScript =
  "const {createServer}=await import('node:net');const {Aedes}=await import('aedes');" +
  'const b=await Aedes.createBroker();const s=createServer(b.handle);' +
  "s.listen(0,'127.0.0.1',()=>console.log('mqtt://127.0.0.1:'+s.address().port));";

async function load(url: string, name: string): Promise<LoadSummary> {
  const out = join(dir, `${name}.json`);
  const args = [CLI, 'load', '--url', url, '--fleet', fleetFile, '--mode', 'gateway', '--rate', '1'];
  args.push('--ramp', `${ramp}s`, '--duration', `${seconds}s`, '--json', out);
  process.stderr.write(`\n== ${name}: node ${args.slice(1).join(' ')}\n`);
  const p = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  await new Promise((resolve) => p.once('exit', resolve));
  return JSON.parse(readFileSync(out, 'utf8')) as LoadSummary;
}

const line = (name: string, s: LoadSummary) =>
  `${name.padEnd(9)} sent ${s.steadySendRate}/s  acked ${s.steadyRate}/s  skipped ${s.skipped}  ` +
  `p50 ${s.latencyMs.p50} ms  p95 ${s.latencyMs.p95} ms  p99 ${s.latencyMs.p99} ms  behind ≤ ${s.maxBehindMs} ms  ` +
  `sim CPU ${(s.cpuSeconds.user + s.cpuSeconds.system).toFixed(1)} s  RSS ${s.maxRssMb} MB`;

const aedes = await start(['--input-type=module', '-e', aedesScript], {}, (l) =>
  l.startsWith('mqtt://') ? l : undefined,
);
const bare = await load(aedes.url, 'aedes');
aedes.p.kill();
const server = await start(
  [join(process.cwd(), 'dist/apps/server/src/main.js')],
  { QW_HTTP_PORT: '0', QW_MQTT_PORT: '0', QW_DEMO: 'false', QW_FLEET_FILE: fleetFile, QW_DATA_DIR: join(dir, 'data') },
  (l) => {
    const rec = l.startsWith('{') ? (JSON.parse(l) as { msg?: string; port?: number }) : {};
    return rec.msg === 'mqtt broker listening' ? `mqtt://127.0.0.1:${rec.port}` : undefined;
  },
);
const platform = await load(server.url, 'platform');
server.p.kill('SIGTERM');
process.stdout.write(
  `\n${devices} devices, ${gateways} gateways, 1 reading/s each, ${seconds} s (${ramp} s ramp)\n` +
    `${line('aedes', bare)}\n${line('platform', platform)}\n` +
    `platform / bare broker, acknowledged rate: ${(platform.steadyRate / bare.steadyRate).toFixed(2)}\n`,
);
