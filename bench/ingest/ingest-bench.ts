/**
 * Ingest flood benchmark (a program, not a test): starts the built server as a real process, opens many MQTT
 * connections that publish QoS 1 readings with a window of messages in flight each, for a fixed duration, then
 * prints peak RSS, acknowledged/s, publish→PUBACK latency percentiles, group-commit figures, and checks that the
 * store holds exactly the acknowledged readings.
 *
 *   npm run bench:ingest -- --duration 60 --connections 50 --window 50
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import { topics, type FleetFile } from '#contracts';
import { hashSecretSync } from '../../apps/server/src/fleet/credentials.js';
import { cli, positive } from '../lib/cli.js';

const o = cli(
  process.argv.slice(2),
  'npm run bench:ingest -- [options]',
  'Floods the built server over MQTT (QoS 1) and prints peak RSS, acknowledged/s, PUBACK latency, group-commit\nfigures, and whether the store holds exactly the acknowledged readings.',
  {
    duration: { type: 'string', arg: '<s>', help: 'seconds of load (default 60)' },
    connections: { type: 'string', arg: '<n>', help: 'publisher connections (default 50)' },
    window: { type: 'string', arg: '<n>', help: 'unacknowledged messages per connection (default 50)' },
  },
  (v) => ({
    duration: positive(v.duration, 'duration', 60),
    connections: positive(v.connections, 'connections', 50, true),
    window: positive(v.window, 'window', 50, true),
  }),
);
const DURATION_S = o.duration;
const CONNECTIONS = o.connections;
const WINDOW = o.window;
const SERVER_MAIN = fileURLToPath(new URL('../../apps/server/src/main.js', import.meta.url));
const SECRET = 'bench-secret-0001';

function fleet(): FleetFile {
  const secretHash = hashSecretSync(SECRET);
  return {
    plants: [{ id: 'bench', name: 'Bench plant' }],
    devices: Array.from({ length: CONNECTIONS }, (_, i) => ({
      id: `m${i}`,
      plantId: 'bench',
      class: 'motor' as const,
      name: `Motor ${i}`,
      nameplate: { ratedKw: 55 },
      secretHash,
    })),
  };
}

async function startServer(dataDir: string, fleetFile: string) {
  // e.g. QW_BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=prof' to profile the server under load
  const nodeArgs = (process.env.QW_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, SERVER_MAIN], {
    env: {
      ...process.env,
      QW_HTTP_PORT: '0',
      QW_MQTT_PORT: '0',
      QW_DATA_DIR: dataDir,
      QW_DEMO: 'false',
      QW_FLEET_FILE: fleetFile,
      QW_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<{ proc: typeof proc; http: string; mqtt: string }>((resolve, reject) => {
    let mqttUrl = '';
    proc.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    createInterface({ input: proc.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const rec = JSON.parse(line) as { msg?: string; port?: number; url?: string };
      if (rec.msg === 'mqtt broker listening') mqttUrl = `mqtt://127.0.0.1:${rec.port}`;
      if (rec.msg === 'qinwatt ready') resolve({ proc, http: rec.url!, mqtt: mqttUrl });
    });
  });
}

const peakRssMb = (pid: number) => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

async function metric(http: string, name: string): Promise<number> {
  const text = await (await fetch(`${http}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

interface FloodResult {
  acked: number;
  failed: number;
  latencies: number[];
  elapsed: number;
}

/** CONNECTIONS clients, each keeping WINDOW QoS 1 messages in flight, for `seconds`. */
async function flood(
  url: string,
  seconds: number,
  login: (i: number) => { username?: string; password?: string },
): Promise<FloodResult> {
  const clients: MqttClient[] = await Promise.all(
    Array.from({ length: CONNECTIONS }, (_, i) => {
      const l = login(i);
      return mqtt.connectAsync(url, {
        clientId: l.username ? `${l.username}/bench` : `bench-${i}`,
        protocolVersion: 4,
        reconnectPeriod: 0,
        ...l,
      });
    }),
  );
  const latencies: number[] = [];
  let acked = 0;
  let failed = 0;
  const base = Date.now() - 3_600_000;
  const t0 = Date.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    clients.map(
      (client, i) =>
        new Promise<void>((resolve) => {
          const topic = topics.deviceTelemetry('bench', `m${i}`);
          let seq = 0;
          let inFlight = 0;
          const sendOne = () => {
            const ts = base + seq++; // one point per (device, ms): the store keeps every one
            const payload = `{"v":1,"ts":${ts},"metrics":{"active_power":{"value":${40 + (seq % 10)},"unit":"kW"}}}`;
            const sent = process.hrtime.bigint();
            inFlight++;
            client.publish(topic, payload, { qos: 1 }, (err) => {
              inFlight--;
              if (err) failed++;
              else {
                acked++;
                latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
              }
              if (Date.now() < end) sendOne();
              else if (inFlight === 0) resolve();
            });
          };
          for (let k = 0; k < WINDOW; k++) sendOne();
        }),
    ),
  );
  const elapsed = (Date.now() - t0) / 1000;
  await Promise.all(clients.map((c) => c.endAsync()));
  return { acked, failed, latencies, elapsed };
}

/** Same-run reference: a bare aedes broker in its own process that acknowledges at once (no auth, no spool). */
const BARE_BROKER = `
  const { Aedes } = await import('aedes');
  const { createServer } = await import('node:net');
  const broker = await Aedes.createBroker();
  const srv = createServer(broker.handle).listen(0, '127.0.0.1', () => console.log(srv.address().port));
`;

async function reference(seconds: number): Promise<number> {
  const proc = spawn(process.execPath, ['--input-type=module', '-e', BARE_BROKER], {
    cwd: fileURLToPath(new URL('../../../', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) =>
    createInterface({ input: proc.stdout }).once('line', (l) => resolve(Number(l))),
  );
  const { acked, elapsed } = await flood(`mqtt://127.0.0.1:${port}`, seconds, () => ({}));
  proc.kill('SIGKILL');
  return Math.round(acked / elapsed);
}

async function main(): Promise<void> {
  const referencePerS = await reference(Math.min(10, Math.max(1, DURATION_S / 4)));
  const dir = mkdtempSync(join(tmpdir(), 'qw-bench-ingest-'));
  const fleetFile = join(dir, 'fleet.json');
  writeFileSync(fleetFile, JSON.stringify(fleet()));
  const server = await startServer(join(dir, 'data'), fleetFile);
  const run = await flood(server.mqtt, DURATION_S, (i) => ({ username: `bench/m${i}`, password: SECRET }));
  const { acked, failed, latencies, elapsed } = run;

  // wait for the writer to empty the spool, then read the figures and stop the server
  for (let i = 0; i < 600 && (await metric(server.http, 'qinwatt_spool_pending_readings')) > 0; i++)
    await new Promise((r) => setTimeout(r, 100));
  const commits = await metric(server.http, 'qinwatt_spool_commits_total');
  const spooled = await metric(server.http, 'qinwatt_spool_appended_readings_total');
  const commitMs = ((await metric(server.http, 'qinwatt_spool_commit_seconds_sum')) / commits) * 1000;
  const writes = await metric(server.http, 'qinwatt_store_write_seconds_count');
  const writeMs = ((await metric(server.http, 'qinwatt_store_write_seconds_sum')) / writes) * 1000;
  const rss = peakRssMb(server.proc.pid!);
  const exited = new Promise((r) => server.proc.once('exit', r));
  server.proc.kill('SIGTERM');
  await exited;

  const stored = new Set<string>();
  const days = join(dir, 'data', 'store', 'raw', 'telemetry');
  for (const file of readdirSync(days).filter((f) => f.endsWith('.jsonl')))
    for (const line of readFileSync(join(days, file), 'utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as { deviceId: string; ts: number };
      stored.add(`${r.deviceId}/${r.ts}`);
    }
  latencies.sort((a, b) => a - b);
  const out = {
    durationS: Math.round(elapsed * 10) / 10,
    connections: CONNECTIONS,
    windowPerConnection: WINDOW,
    acknowledged: acked,
    failed,
    acknowledgedPerS: Math.round(acked / elapsed),
    bareAedesQos1PerS: referencePerS,
    ratioToBareAedes: Math.round((acked / elapsed / referencePerS) * 100) / 100,
    latencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), max: latencies.at(-1) },
    serverPeakRssMb: rss,
    spoolCommits: commits,
    readingsPerFsync: Math.round((spooled / commits) * 10) / 10,
    meanCommitMs: Math.round(commitMs * 10) / 10,
    storeWrites: writes,
    meanStoreWriteMs: Math.round(writeMs * 10) / 10,
    stored: stored.size,
    storedEqualsAcknowledged: stored.size === acked,
  };
  for (const [k, v] of Object.entries(out.latencyMs))
    (out.latencyMs as Record<string, number>)[k] = Math.round(v! * 10) / 10;
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(out.storedEqualsAcknowledged && failed === 0 ? 0 : 1);
}

main().catch((e: Error) => {
  process.stderr.write(`bench:ingest failed: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
