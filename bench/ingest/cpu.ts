/**
 * `npm run bench:cpu`: the server's own CPU time per stored reading at a fixed offered load, and where it goes.
 *
 * A figure that survives a busy machine: at a rate the server keeps up with, the CPU time its process spends
 * (/proc/<pid>/stat) divided by the readings it wrote to the store does not depend on how long it waited for a
 * core. Beside it: the server's event-loop delay over the same window (its /metrics, perf_hooks
 * monitorEventLoopDelay), PUBACK latency, and each step of the ingest path measured in this process.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiFetch } from '../lib/api.js';
import { cli, oneOf, positive, UsageError } from '../lib/cli.js';
import { obtainInflux, type InfluxHandle } from '../lib/influx.js';
import { startLoad, type LoadResult } from '../lib/load.js';
import { loadAverage, procCpuSplit, procSample, SchedMonitor, sleep } from '../lib/procs.js';
import { loopWatch } from '../lib/server-metrics.js';
import { benchCredentials, SERVER_MAIN, startServer, writeBenchFleet, type QinwattServer } from '../lib/server.js';
import { measureSteps, type StepFigure } from './steps.js';

const USAGE = 'npm run bench:cpu -- [options]';
const ABOUT = `Starts the built server (node flags of npm start) on InfluxDB 1.x or the embedded store, offers a steady
load through gateways (or single-reading meters), and prints the server's CPU time per stored reading, its
event-loop delay and PUBACK latency over the steady part, then each ingest step measured in this process.`;

const OPTIONS = {
  kind: { type: 'string', arg: '<gateway|device>', help: 'gateway batches (default) or one reading per message' },
  rate: { type: 'string', arg: '<n>', help: 'readings/s offered (default 30000 gateway, 8000 device)' },
  seconds: { type: 'string', arg: '<n>', help: 'measured seconds after an 8 s warm-up (default 20)' },
  batch: { type: 'string', arg: '<n>', help: 'readings per gateway message (default 50)' },
  connections: { type: 'string', arg: '<n>', help: 'publisher connections (default 20)' },
  store: { type: 'string', arg: '<influxdb1|embedded>', help: 'the server store (default influxdb1)' },
  repeat: { type: 'string', arg: '<n>', help: 'runs of the load, each on a fresh server; median printed (default 3)' },
  profile: { type: 'string', arg: '<dir>', help: 'run the server under node --cpu-prof into this directory' },
  against: {
    type: 'string',
    arg: '<main.js>',
    help: 'another build of the server (its dist/apps/server/src/main.js): runs alternate between the two, both printed',
  },
  doc: { type: 'string', arg: '<file>', help: 'also put the printed figures between the bench:cpu markers of <file>' },
  'no-steps': { type: 'boolean', help: 'leave out the in-process step figures' },
  smoke: { type: 'boolean', help: 'one short run at a low rate (the test suite runs this)' },
} as const;

const o = cli(process.argv.slice(2), USAGE, ABOUT, OPTIONS, (v) => {
  const kind = oneOf(v.kind, 'kind', ['gateway', 'device'] as const, 'gateway');
  const smoke = v.smoke ?? false;
  const doc = v.doc;
  if (doc !== undefined && smoke) throw new UsageError('--doc takes the figures of a full run, not --smoke');
  return {
    kind,
    smoke,
    rate: positive(v.rate, 'rate', smoke ? 2000 : kind === 'gateway' ? 30_000 : 8000),
    seconds: positive(v.seconds, 'seconds', smoke ? 2 : 20),
    batch: kind === 'gateway' ? positive(v.batch, 'batch', smoke ? 20 : 50, true) : 1,
    connections: positive(v.connections, 'connections', smoke ? 4 : 20, true),
    store: oneOf(v.store, 'store', ['influxdb1', 'embedded'] as const, 'influxdb1'),
    repeat: positive(v.repeat, 'repeat', smoke ? 1 : 3, true),
    profile: v.profile,
    against: v.against,
    doc,
    steps: !v['no-steps'],
  };
});

interface RunFigures {
  /** server CPU µs per reading written to the store */
  cpuUsPerReading: number;
  /** server CPU, % of one core */
  cpuPercent: number;
  /** share of the server's CPU spent in the kernel (system calls: socket writes, fsync), % */
  sysPercent: number;
  /** share of the server's CPU spent on its main thread (the event loop), % */
  mainPercent: number;
  writtenPerSec: number;
  ackP50: number;
  ackP99: number;
  loopP99Ms: number;
  loopMaxMs: number;
  gcPercent: number;
  /** spool group commit (write + fdatasync) p50 / p99, ms: upper bounds of the histogram's buckets */
  commitP50Ms: number;
  commitP99Ms: number;
  /** readings per store write (HTTP request) and per spool group commit (fsync) */
  perWrite: number;
  perCommit: number;
  /** CPU µs per reading of JSON.parse of the same message, in a child process over the same window */
  refUsPerReading: number;
  /** cpuUsPerReading ÷ refUsPerReading: the server's cost in "parses of the message", machine speed divided out */
  perRef: number;
  /** the server's main thread (event loop): ms/s on a CPU, ms/s runnable but waiting for one (schedstat.ts) */
  mainRanMs: number;
  mainWaitedMs: number;
  /** its mean wait each time it was put on a CPU, ms, and the times/s the scheduler took the CPU away */
  mainWaitPerSliceMs: number;
  mainInvoluntary: number;
  /** all the server's threads, and all the load generator's (this process: the publishers' worker), ms/s waited */
  serverWaitedMs: number;
  loadWaitedMs: number;
}

/** Starts the reference child (reference.ts); `stop` ends it and returns its µs per reading. */
function startReference(batch: number): { stop(): Promise<number> } {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./reference.js', import.meta.url)), String(batch)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return {
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
      return (JSON.parse(out) as { usPerReading: number }).usPerReading;
    },
  };
}

/** readings written to the store so far, and the spool's group-commit duration histogram (cumulative buckets) */
async function counters(
  httpUrl: string,
): Promise<{ written: number; writes: number; fsyncs: number; commits: Map<number, number> }> {
  const text = await (await apiFetch(`${httpUrl}/metrics`)).text();
  const commits = new Map<number, number>();
  for (const m of text.matchAll(/^qinwatt_spool_commit_seconds_bucket\{le="([^"]+)"\} (\S+)$/gm))
    commits.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  return {
    written: num(/^qinwatt_store_written_readings_total (\S+)$/m),
    writes: num(/^qinwatt_store_write_seconds_count (\S+)$/m),
    fsyncs: num(/^qinwatt_spool_commits_total (\S+)$/m),
    commits,
  };
}

/** the bucket bound (ms) under which fraction `q` of the commits between two scrapes took */
function commitQuantile(a: Map<number, number>, b: Map<number, number>, q: number): number {
  const les = [...b.keys()].sort((x, y) => x - y);
  const total = (b.get(Infinity) ?? 0) - (a.get(Infinity) ?? 0);
  for (const le of les) if ((b.get(le) ?? 0) - (a.get(le) ?? 0) >= q * total) return le * 1000;
  return NaN;
}

async function pendingReadings(httpUrl: string): Promise<number> {
  const h = (await (await fetch(`${httpUrl}/health`)).json()) as { counters?: { spoolPending?: number } };
  return h.counters?.spoolPending ?? 0;
}

async function oneRun(influx: InfluxHandle | undefined, run: number, main: string): Promise<RunFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'qw-bench-cpu-'));
  const n = o.connections;
  const fleetFile = writeBenchFleet(
    dir,
    'bench',
    o.kind === 'gateway' ? [{ prefix: 'g', devices: o.batch, gateways: n }] : [{ prefix: 's', devices: n }],
  );
  const db = `bench_cpu_${Date.now()}_${run}`;
  const env: Record<string, string> = { QW_FLEET_FILE: fleetFile, QW_DATA_DIR: join(dir, 'data') };
  if (o.store === 'influxdb1')
    Object.assign(env, { QW_STORE: 'influxdb1', QW_INFLUX_URL: influx!.influx.url, QW_INFLUX_DATABASE: db });
  else env.QW_STORE = 'embedded';
  const prof = o.profile ? ['--cpu-prof', `--cpu-prof-dir=${o.profile}`] : [];
  let server: QinwattServer | undefined;
  try {
    server = await startServer(env, prof, main);
    const prefix = o.kind === 'gateway' ? 'g' : 's';
    const targets = Array.from({ length: n }, (_, k) => ({
      id: `${prefix}${k}`,
      ...benchCredentials('bench', `${prefix}${k}`),
      devices: o.kind === 'gateway' ? Array.from({ length: o.batch }, (_, i) => `g${k}-${i}`) : [`s${k}`],
    }));
    const warmupMs = o.smoke ? 1000 : 8000; // long enough for the JIT to settle (its compiler threads count as the server's CPU)
    const durationMs = warmupMs + o.seconds * 1000;
    const load = startLoad({
      url: server.mqttUrl,
      qos: 1,
      kind: o.kind,
      plantId: 'bench',
      targets,
      batch: o.batch,
      window: 1000,
      rate: o.rate / o.batch,
      durationMs,
      warmupMs,
      drainMs: 30_000,
      tsBase: Date.now(),
      bucketMs: 500,
    });
    let result: LoadResult;
    const pid = server.service.pid;
    const http = server.httpUrl;
    try {
      await load.ready;
      const done = load.go();
      await sleep(warmupMs);
      const ref = startReference(o.batch === 1 ? 50 : o.batch);
      const split0 = procCpuSplit(pid);
      const a = { t: performance.now(), cpu: procSample(pid).cpuSec, ...(await counters(http)) };
      const loop = await loopWatch(http);
      const sched = new SchedMonitor(pid);
      const loadSched = new SchedMonitor(process.pid);
      await sleep(o.seconds * 1000);
      const waits = sched.stop();
      const loadWaits = loadSched.stop();
      // the loop-delay histogram resets at every scrape of /metrics: read it before counting what was written
      const t1 = performance.now();
      const cpu1 = procSample(pid).cpuSec;
      const split1 = procCpuSplit(pid);
      const loopStats = await loop.stop();
      const b = { t: t1, cpu: cpu1, ...(await counters(http)) };
      const refUsPerReading = await ref.stop();
      result = await done;
      const readings = b.written - a.written;
      const wall = (b.t - a.t) / 1000;
      // the store may lag the acknowledgements: wait for the spool to drain so a slow store shows up as a lag here
      for (let t = 0; t < 60 && (await pendingReadings(http)) > 0; t++) await sleep(250);
      const cpuUsPerReading = ((b.cpu - a.cpu) * 1e6) / readings;
      const splitTotal = split1.userSec + split1.sysSec - split0.userSec - split0.sysSec;
      return {
        cpuUsPerReading,
        refUsPerReading,
        perRef: cpuUsPerReading / refUsPerReading,
        cpuPercent: (100 * (b.cpu - a.cpu)) / wall,
        sysPercent: (100 * (split1.sysSec - split0.sysSec)) / splitTotal,
        mainPercent: (100 * (split1.mainSec - split0.mainSec)) / splitTotal,
        writtenPerSec: readings / wall,
        ackP50: result.ack.p50,
        ackP99: result.ack.p99,
        loopP99Ms: loopStats?.lagP99Ms ?? NaN,
        loopMaxMs: loopStats?.lagMaxMs ?? NaN,
        gcPercent: loopStats?.gcPercent ?? NaN,
        perWrite: readings / (b.writes - a.writes),
        perCommit: readings / (b.fsyncs - a.fsyncs),
        commitP50Ms: commitQuantile(a.commits, b.commits, 0.5),
        commitP99Ms: commitQuantile(a.commits, b.commits, 0.99),
        mainRanMs: waits?.main.ranMsPerSec ?? NaN,
        mainWaitedMs: waits?.main.waitedMsPerSec ?? NaN,
        mainWaitPerSliceMs: waits?.main.waitPerSliceMs ?? NaN,
        mainInvoluntary: waits?.main.involuntaryPerSec ?? NaN,
        serverWaitedMs: waits?.all.waitedMsPerSec ?? NaN,
        loadWaitedMs: loadWaits?.all.waitedMsPerSec ?? NaN,
      };
    } finally {
      await load.terminate();
    }
  } finally {
    await server?.stop();
    if (influx && o.store === 'influxdb1') await influx.influx.dropDb(db).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
/** median, and the lowest–highest of the runs */
const spread = (v: number[], d = 1) =>
  v.length > 1 ? `${f(med(v), d)} (${f(Math.min(...v), d)}–${f(Math.max(...v), d)})` : f(v[0], d);

/** one build's runs: its name in the table and its figures */
interface Build {
  name: string;
  main: string;
  runs: RunFigures[];
}

function render(builds: Build[], steps: StepFigure[], load0: string): string {
  const col = (k: keyof RunFigures, d = 1) =>
    builds
      .map(
        (b) =>
          ` ${spread(
            b.runs.map((r) => r[k]),
            d,
          )} |`,
      )
      .join('');
  const what = o.kind === 'gateway' ? `gateways, ${o.batch} readings a message` : 'meters, one reading a message';
  const n = builds[0].runs.length;
  const lines = [
    `Server CPU per reading: ${o.rate.toLocaleString('en-US')} readings/s offered for ${o.seconds} s by ${o.connections} ${what}, ` +
      `QoS 1, ${o.store} store; ${n} run${n > 1 ? 's' : ''} on a fresh server each` +
      (builds.length > 1 ? `, the builds alternated` : '') +
      `, median (lowest–highest). Load average ${load0} at the start, ${loadAverage()} at the end.`,
    '',
    `| figure |${builds.map((b) => ` ${b.name} |`).join('')}`,
    `| --- |${builds.map(() => ' ---: |').join('')}`,
    `| server CPU per stored reading, µs |${col('cpuUsPerReading', 2)}`,
    `| JSON.parse of the same message alongside (reference), CPU µs per reading |${col('refUsPerReading', 3)}`,
    `| server CPU per reading ÷ reference |${col('perRef')}`,
    `| server CPU, % of a core |${col('cpuPercent', 0)}`,
    `| of which in the kernel (system calls), % |${col('sysPercent', 0)}`,
    `| of which on the main thread (event loop), % |${col('mainPercent', 0)}`,
    `| written to the store, readings/s |${col('writtenPerSec', 0)}`,
    `| readings per store write |${col('perWrite', 0)}`,
    `| readings per spool group commit |${col('perCommit', 0)}`,
    `| PUBACK p50, ms |${col('ackP50')}`,
    `| PUBACK p99, ms |${col('ackP99')}`,
    `| event-loop delay p99, ms |${col('loopP99Ms')}`,
    `| event-loop delay max, ms |${col('loopMaxMs')}`,
    `| GC, % of wall time |${col('gcPercent')}`,
    `| main thread on a CPU, ms/s |${col('mainRanMs', 0)}`,
    `| main thread runnable but waiting for a CPU, ms/s |${col('mainWaitedMs', 0)}`,
    `| main thread's mean wait for a CPU per wake-up, ms |${col('mainWaitPerSliceMs', 2)}`,
    `| main thread's involuntary context switches/s |${col('mainInvoluntary', 0)}`,
    `| all server threads waiting for a CPU, ms/s |${col('serverWaitedMs', 0)}`,
    `| load generator's threads waiting for a CPU, ms/s |${col('loadWaitedMs', 0)}`,
    `| spool group commit (write + fdatasync) p50, ms (bucket bound) |${col('commitP50Ms')}`,
    `| spool group commit p99, ms (bucket bound) |${col('commitP99Ms')}`,
  ];
  if (steps.length) {
    const ref = steps[0].usPerReading.median;
    lines.push(
      '',
      'Each step on its own, in this process, on the same gateway messages (CPU µs per reading, median of the',
      'repetitions with the lowest–highest; ÷ JSON.parse is the same-run ratio to parsing the message):',
      '',
      '| step | µs per reading | ÷ JSON.parse |',
      '| --- | ---: | ---: |',
      ...steps.map((s) => {
        const u = s.usPerReading;
        return `| ${s.step} | ${f(u.median, 3)} (${f(u.min, 3)}–${f(u.max, 3)}) | ${f(u.median / ref, 2)} |`;
      }),
    );
  }
  return lines.join('\n');
}

const START = '<!-- bench:cpu -->';
const END = '<!-- /bench:cpu -->';

function intoDoc(path: string, text: string): void {
  const doc = readFileSync(path, 'utf8');
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${path}: no ${START} … ${END} markers`);
  const command = `npm run bench:cpu${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  writeFileSync(path, `${doc.slice(0, a + START.length)}\n\`${command}\`:\n\n${text}\n${doc.slice(b)}`);
}

async function main(): Promise<void> {
  const load0 = loadAverage();
  const influx = o.store === 'influxdb1' ? await obtainInflux() : undefined;
  const builds: Build[] = [{ name: o.against ? 'this build' : 'value', main: SERVER_MAIN, runs: [] }];
  if (o.against) builds.push({ name: `--against build`, main: o.against, runs: [] });
  try {
    for (let i = 0; i < o.repeat; i++) {
      // alternate which build goes first, so a machine that gets busier or quieter over the runs favours neither
      for (const b of i % 2 ? [...builds].reverse() : builds) {
        const r = await oneRun(influx, b.runs.length * builds.length + builds.indexOf(b), b.main);
        b.runs.push(r);
        process.stderr.write(
          `bench:cpu run ${i + 1} (${b.name}): ${r.cpuUsPerReading.toFixed(2)} µs/reading, ${r.perRef.toFixed(1)} × reference, event loop waited ${r.mainWaitedMs.toFixed(0)} ms/s for a CPU; load average ${loadAverage()}\n`,
        );
      }
    }
  } finally {
    await influx?.stop();
  }
  const steps = o.steps ? measureSteps(o.batch === 1 ? 50 : o.batch, o.smoke ? 200 : 4000, o.smoke ? 3 : 7) : [];
  const text = render(builds, steps, load0);
  process.stdout.write(`${text}\n`);
  if (o.doc) intoDoc(o.doc, text);
}

await main();
