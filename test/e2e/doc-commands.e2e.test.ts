import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { mqttClientId, type DeadLetterPage } from '#contracts';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';

/**
 * The commands the docs show, run as they stand against the platform the README starts (the built server with the
 * demo plant on and credentials checked), so the docs cannot drift from what works. A block is tested when the
 * line before its opening fence is `<!-- doc-test -->`; each line is one shell command (a trailing `\` continues
 * it). The only rewrites: the README's ports (3000, 1883) become the test server's ephemeral ones; `device-sim`
 * is the built CLI, as `npx device-sim` is; and `npm run build` has already run (the suite builds first).
 */

const ROOT = process.cwd();
const MARK = '<!-- doc-test -->';

/** The commands of the marked blocks of a Markdown file, in order. */
function docCommands(markdown: string): string[] {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== MARK) continue;
    if (!/^```(sh|bash)\s*$/.test(lines[i + 1] ?? ''))
      throw new Error(`line ${i + 2}: ${MARK} must precede a sh block`);
    let cmd = '';
    for (let j = i + 2; j < lines.length && !lines[j].startsWith('```'); j++) {
      const l = lines[j];
      if (!cmd && (!l.trim() || l.trim().startsWith('#'))) continue;
      cmd += l.endsWith('\\') ? l.slice(0, -1) : l;
      if (!l.endsWith('\\')) {
        out.push(cmd.trim());
        cmd = '';
      }
    }
  }
  return out;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one command line with bash in `cwd`, the built CLI as `device-sim`. */
/** `token`: the platform's API token, exported as a user does before calling its API (QW_API_TOKEN) */
function sh(command: string, cwd: string, token?: string, timeoutMs = 90_000): Promise<Run> {
  const prelude = [
    `device-sim() { node ${JSON.stringify(join(ROOT, 'dist/device-sim/src/cli.js'))} "$@"; }`,
    // the suite has built dist/ before the end-to-end tests: `npm run build` is done, anything else is npm
    'npm() { if [ "$1 $2" = "run build" ]; then return 0; fi; command npm "$@"; }',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NODE_OPTIONS: '', ...(token ? { QW_API_TOKEN: token } : {}) };
    const p = spawn('bash', ['-c', `${prelude}\n${command}`], { cwd, env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`timed out: ${command}\n${stdout}\n${stderr}`));
    }, timeoutMs);
    p.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A working directory like a checkout's root: the build and the simulator's files, and room for outputs. */
function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qw-doc-'));
  for (const name of ['dist', 'device-sim', 'package.json']) symlinkSync(join(ROOT, name), join(dir, name));
  return dir;
}

const startReadmePlatform = () =>
  // the demo's detectors learn from simulated history at start: seconds of CPU, more on a busy machine
  startServer({ QW_DEMO: 'true', QW_FLEET_FILE: join(ROOT, 'device-sim/fleets/demo.json') }, 120_000);

const localize = (cmd: string, s: ServerProcess) =>
  cmd.replaceAll('http://127.0.0.1:3000', s.httpUrl).replaceAll('mqtt://127.0.0.1:1883', s.mqttUrl);

/** What a command's success means beyond exit code 0, where the exit code alone would not show it. */
function checkOutcome(cmd: string, r: Run, dir: string): void {
  const out = /--out (\S+)/.exec(cmd)?.[1];
  if (out) expect(readFileSync(join(dir, out), 'utf8').trim().split('\n').length).toBeGreaterThan(1);
  if (/^device-sim replay /.test(cmd)) {
    const result = JSON.parse(r.stdout) as { sent: number; acked: number; errors: number };
    expect(result.acked).toBe(result.sent);
    expect(result.sent).toBeGreaterThan(0);
  }
  if (/ verify /.test(cmd)) expect(r.stdout).toMatch(/: PASS/);
}

// one platform per document: each document's scenarios are meant for a platform where they have not run yet
const DOCS = ['README.md', 'docs/device-sim.md'];
const servers = new Map<string, ServerProcess>();
beforeAll(async () => {
  const started = await Promise.all(DOCS.map(() => startReadmePlatform()));
  DOCS.forEach((doc, i) => servers.set(doc, started[i]));
}, 150_000);
afterAll(async () => {
  for (const s of servers.values()) await s.stop();
});

describe('the commands the docs show work on the platform the README starts', () => {
  // the documents run side by side, each on its own platform; a document's commands run in order
  it.concurrent.each(DOCS)(
    '%s',
    async (doc) => {
      const commands = docCommands(readFileSync(join(ROOT, doc), 'utf8'));
      expect(commands.length).toBeGreaterThan(1);
      const dir = workDir();
      for (const cmd of commands) {
        const r = await sh(localize(cmd, servers.get(doc)!), dir, servers.get(doc)!.token);
        if (r.code !== 0) throw new Error(`exit ${r.code}: ${cmd}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
        checkOutcome(cmd, r, dir);
      }
    },
    180_000,
  );
});

describe('when a documented command cannot work, it says which device and which flag', () => {
  // the README's platform, after its commands: the test pump 3 has no data there yet
  const server = () => servers.get('README.md')!;
  const dir = workDir();
  const cli = (args: string) => sh(`device-sim ${localize(args, server())}`, dir, server().token);

  it('record without an identity that may read: names --fleet; the reader may read but not publish', async () => {
    const r = await cli('record --url mqtt://127.0.0.1:1883 --out x.jsonl --duration 1s');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Bad username or password[\s\S]*--fleet FILE/);
    const device = await cli(
      'record --url mqtt://127.0.0.1:1883 --out x.jsonl --duration 1s --username xa-cement/kiln-1 --password demo-kiln-1-change-me',
    );
    expect(device.code).toBe(1);
    expect(device.stderr).toMatch(/refused the subscription to plants\/# for user xa-cement\/kiln-1/);

    const reader = await mqtt.connectAsync(server().mqttUrl, {
      protocolVersion: 4,
      clientId: mqttClientId('recorder', 'doc-test'),
      username: 'recorder',
      password: 'demo-recorder-change-me',
      reconnectPeriod: 0,
    });
    const payload = JSON.stringify({ v: 1, ts: Date.now(), metrics: { active_power: { value: 1, unit: 'kW' } } });
    await reader.publishAsync('plants/xa-cement/devices/mill-motor-1/telemetry', payload, { qos: 1 });
    await reader.endAsync();
    const page = (await (
      await apiFetch(`${server().httpUrl}/api/dead-letters?reason=NOT_AUTHORIZED`)
    ).json()) as DeadLetterPage;
    expect(page.items.some((d) => d.username === 'recorder' && d.reason === 'NOT_AUTHORIZED')).toBe(true);
  });

  it('replay onto an unregistered device names the device and the credentials flags', async () => {
    const rec = await cli(
      'record --url mqtt://127.0.0.1:1883 --fleet device-sim/fleets/demo.json --out m.jsonl --count 2 --filter plants/xa-cement/devices/mill-motor-1/telemetry',
    );
    expect(rec.code).toBe(0);
    const r = await cli(
      'replay m.jsonl --url mqtt://127.0.0.1:1883 --fleet device-sim/fleets/lab.json --speed max --map mill-motor-1=lab-motor-9 --plant-map xa-cement=sim-lab',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sim-lab/lab-motor-9');
    expect(r.stderr).toMatch(/--fleet FILE[\s\S]*--username/);
  });

  it('verify with a secret the platform does not accept names the device and --fleet', async () => {
    const lab = JSON.parse(readFileSync(join(ROOT, 'device-sim/fleets/lab.json'), 'utf8')) as {
      devices: Array<{ id: string; secret: string }>;
    };
    const pump = lab.devices.find((d) => d.id === 'lab-pump-1')!;
    Object.assign(pump, { id: 'lab-pump-3', secret: 'not-the-registered-secret' });
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify(lab));
    writeFileSync(
      join(dir, 'pump-3.yaml'),
      readFileSync(join(ROOT, 'device-sim/scenarios/pump-step.yaml'), 'utf8').replaceAll('lab-pump-1', 'lab-pump-3'),
    );
    // the platform knows lab-pump-3 with a secret it generated; this fleet file holds another one
    const res = await apiFetch(`${server().httpUrl}/api/fleet/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        plantId: 'sim-lab',
        id: 'lab-pump-3',
        class: 'pump',
        name: 'p',
        nameplate: { ratedKw: 75, ratedFlow: 400, ratedHead: 50 },
      }),
    });
    expect(res.status).toBe(201);
    const r = await cli('verify pump-3.yaml --url http://127.0.0.1:3000 --fleet wrong.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sim-lab/lab-pump-3');
    expect(r.stderr).toMatch(/Bad username or password[\s\S]*--fleet FILE/);
  });
});
