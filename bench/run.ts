/**
 * `npm run bench [-- options]` (`--help` lists them): measures the limits of this machine (raw aedes and Mosquitto
 * passthrough, raw InfluxDB writes) and qinwatt end to end, repeated `--runs` times, and the Node-RED peer once;
 * prints every figure and same-run ratio as the median of the runs with the lowest and highest, and writes the
 * report as JSON. Each ratio is computed within one run, then the medians are taken.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { loadAverage } from './lib/procs.js';
import { execFileSync } from 'node:child_process';
import { parseArgs, type BenchOptions } from './options.js';
import { startAedes, startMosquitto, MOSQUITTO_MAX_QUEUED, type Broker } from './lib/brokers.js';
import { influxVersion, obtainInflux, type InfluxHandle } from './lib/influx.js';
import { passthrough, type PassthroughResult } from './stages/passthrough.js';
import { influxWrite } from './stages/influx-write.js';
import { installPeer, peer, peerInstalled, type PeerResult } from './stages/peer.js';
import { qinwatt } from './stages/qinwatt.js';
import { renderTable, updateReadme, writeReport, type Report, type Row } from './report.js';
import { ratios, type Measured } from './ratios.js';
import { medianRatios, medianRows } from './repeat.js';

const o = parseArgs(process.argv.slice(2));
const failures: string[] = [];
/** the stamps in the names of the databases this run created (`bench_*_<stamp>`), dropped at the end */
const stamps: string[] = [];
const durations: Record<string, number> = {};
const details: Record<string, unknown> = { options: o, durations };
const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

async function stage<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  log(`${name} …`);
  const t0 = Date.now();
  try {
    const r = await fn();
    details[name] = r;
    durations[name] = (Date.now() - t0) / 1000;
    log(`${name} done in ${durations[name].toFixed(1)} s`);
    return r;
  } catch (e) {
    failures.push(`${name}: ${(e as Error).message}`);
    log(`${name} FAILED: ${(e as Error).stack ?? e}`);
    return undefined;
  }
}

function passRows(rows: Row[], stageName: string, r: PassthroughResult | undefined, note: string): void {
  rows.push({ stage: stageName, figure: 'delivered', value: r?.rate ?? null, unit: 'msg/s', note });
  rows.push({
    stage: stageName,
    figure: 'latency p50 / p99',
    value: r?.latency.p50 ?? null,
    unit: 'ms',
    note: r ? `p99 ${r.latency.p99.toFixed(1)} ms, lost ${r.lostPct.toFixed(2)} %` : undefined,
  });
}

function peerRows(rows: Row[], r: PeerResult | undefined, why?: string): void {
  const name = `Node-RED peer (${r?.variant ?? '…'})`;
  if (!r) {
    rows.push({ stage: 'Node-RED peer', figure: 'stored', value: null, unit: 'readings/s', note: why });
    return;
  }
  rows.push({
    stage: name,
    figure: 'stored',
    value: r.storedPerSec,
    unit: 'readings/s',
    note: `${r.stored} of ${r.offered} acknowledged (${r.storedPct.toFixed(1)} %)`,
  });
  rows.push({
    stage: name,
    figure: 'publish → stored p50',
    value: r.latency.p50,
    unit: 'ms',
    note: `p99 ${r.latency.p99.toFixed(0)} ms over ${r.latency.n} probes, ${r.probesLost} probes never stored`,
  });
  rows.push({
    stage: name,
    figure: 'peak RSS',
    value: r.usage.peakRssMb,
    unit: 'MB',
    note: `CPU ${r.usage.cpuPercent.toFixed(0)} % of a core`,
  });
}

function machine(): Record<string, string> {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? '?';
  let usage: string;
  try {
    usage = execFileSync('mosquitto', ['-h'], { encoding: 'utf8' });
  } catch (e) {
    // `mosquitto -h` exits non-zero after printing its usage
    usage = String((e as { stdout?: string }).stdout);
  }
  const mosquitto = /version (\S+)/.exec(usage)?.[1] ?? '?';
  return { cpu, cores: String(cpus().length), node: process.version, mosquitto, loadStart: loadAverage() };
}

/** The figures of one run of the repeated stages. */
interface RunOut {
  rows: Row[];
  measured: Omit<Measured, 'peers'>;
}

/**
 * One run of the repeated stages: the aedes reference before and after qinwatt, Mosquitto QoS 0 and 1, the raw
 * InfluxDB write, and qinwatt end to end. `tag` names the run in the logs and the JSON details.
 */
async function oneRun(
  tag: string,
  influx: InfluxHandle,
  mosq: Broker | undefined,
  opts: BenchOptions,
): Promise<RunOut> {
  const rows: Row[] = [];
  const m: RunOut['measured'] = {};
  const want = (k: string) => !opts.only || opts.only.includes(k);
  const run = `${Date.now()}`;
  stamps.push(run);
  // the aedes reference runs before and after qinwatt: on a shared machine one sample can land in a busy spell,
  // and the ratio is taken against the better of the two (the conservative choice for qinwatt)
  const aedesRef = async (when: string) => {
    if (!want('aedes')) return;
    const aedes = await startAedes();
    const r = await stage(`aedes QoS1 passthrough (${when})${tag}`, () => passthrough(aedes.url, 1, opts)).finally(() =>
      aedes.stop(),
    );
    passRows(
      rows,
      `raw aedes 1.2 QoS1 (${when})`,
      r,
      `${opts.connections} publishers × ${opts.window} in flight → 1 subscriber`,
    );
    if (r && (!m.aedesQos1 || r.rate > m.aedesQos1.rate)) m.aedesQos1 = r;
  };
  await aedesRef('before');
  if (want('mosquitto')) {
    const m0 = await stage(`Mosquitto QoS0 passthrough${tag}`, () => passthrough(mosq!.url, 0, opts));
    passRows(rows, 'raw Mosquitto QoS0', m0, `max_queued_messages ${MOSQUITTO_MAX_QUEUED}`);
    m.mosquittoQos1 = await stage(`Mosquitto QoS1 passthrough${tag}`, () => passthrough(mosq!.url, 1, opts));
    passRows(rows, 'raw Mosquitto QoS1', m.mosquittoQos1, `max_queued_messages ${MOSQUITTO_MAX_QUEUED}`);
  }
  const fx = influx.influx;
  if (want('influx')) {
    const iw = await stage(`InfluxDB raw write${tag}`, () => influxWrite(fx, `bench_raw_${run}`, opts));
    m.influxWrite = iw;
    rows.push({
      stage: 'raw InfluxDB write',
      figure: 'points written',
      value: iw?.pointsPerSec ?? null,
      unit: 'points/s',
      note: iw
        ? `batches of ${iw.batch}, ${iw.concurrency} in flight; the whole machine ${iw.machine.busyPercent.toFixed(0)} % of ${iw.machine.cores * 100} %`
        : undefined,
    });
  }
  if (want('qinwatt')) {
    m.qinwatt = await stage(`qinwatt${tag}`, () => qinwatt(fx, `bench_qw_${run}`, opts, log));
    if (m.qinwatt) rows.push(...m.qinwatt.rows);
  }
  await aedesRef('after');
  return { rows, measured: m };
}

async function main(opts: BenchOptions): Promise<number> {
  const started = new Date();
  const mach = machine();
  let influx: InfluxHandle | undefined;
  let mosq: Broker | undefined;
  const runs: RunOut[] = [];
  const peers: PeerResult[] = [];
  const peerRowsOut: Row[] = [];
  try {
    influx = await obtainInflux();
    mach.influxdb = await influxVersion(influx.influx);
    details.influx = influx.origin;
    const run = `${Date.now()}`;
    stamps.push(run);
    const want = (k: string) => !opts.only || opts.only.includes(k);
    if (want('mosquitto') || want('peer')) mosq = await startMosquitto();

    for (let i = 0; i < opts.runs; i++) {
      const tag = opts.runs > 1 ? ` [run ${i + 1}/${opts.runs}]` : '';
      runs.push(await oneRun(tag, influx, mosq, opts));
    }

    // the peer runs once: it stores a fixed burst, slowly, and is compared with qinwatt's figure of every run
    const fx = influx.influx;
    let peerWhy: string | undefined;
    if (!want('peer')) peerWhy = 'not selected (--only)';
    else if (!opts.peer) peerWhy = 'skipped (--no-peer)';
    else if (!peerInstalled()) {
      if (opts.smoke)
        peerWhy = 'skipped in smoke mode: Node-RED not installed in bench/peer (npm run bench installs it)';
      else await stage('Node-RED install', installPeer);
    }
    if (!peerWhy && peerInstalled()) {
      for (const variant of ['stock', 'maxSockets512'] as const) {
        const p = await stage(`Node-RED peer (${variant})`, () =>
          peer(variant, mosq!.url, fx, `bench_peer_${variant}_${run}`, opts),
        );
        if (p) peers.push(p);
        peerRows(peerRowsOut, p, p ? undefined : 'failed (see failures)');
      }
    } else peerRows(peerRowsOut, undefined, peerWhy ?? 'Node-RED install failed (see failures)');

    // a given InfluxDB keeps nothing of the bench; a throw-away one is deleted whole at stop, so its databases are
    // not dropped one by one (a DROP DATABASE there once never answered)
    if (!influx.throwAway)
      for (const db of (await fx.query<[string]>('SHOW DATABASES'))[0]?.values ?? [])
        if (stamps.some((st) => db[0].endsWith(`_${st}`))) await fx.dropDb(db[0]);
  } catch (e) {
    failures.push(`setup: ${(e as Error).message}`);
    log(`FAILED: ${(e as Error).stack ?? e}`);
  } finally {
    await mosq?.stop();
    await influx?.stop();
  }
  mach.loadEnd = loadAverage();
  const report: Report = {
    when: started.toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: mach,
    runs: runs.length,
    rows: [...medianRows(runs.map((r) => r.rows)), ...peerRowsOut],
    ratios: medianRatios(runs.map((r) => ratios({ ...r.measured, peers }))),
    failures,
    details,
  };
  writeReport(opts.out, report);
  if (opts.readme) updateReadme('README.md', report);
  const m = report.machine;
  process.stdout.write(
    `\n${m.cpu}, ${m.cores} cores, Node ${m.node}, Mosquitto ${m.mosquitto}, InfluxDB ${m.influxdb ?? '?'}; ` +
      `load average ${m.loadStart} at the start, ${m.loadEnd} at the end\n\n`,
  );
  process.stdout.write(`${renderTable(report)}\n\n`);
  for (const f of failures) process.stdout.write(`FAILED ${f}\n`);
  const total = Object.values(durations).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `${runs.length} run${runs.length === 1 ? '' : 's'}, stages took ${(total / 60).toFixed(1)} min; written: ${opts.out}\n`,
  );
  return failures.length ? 1 : 0;
}

const code = await main(o);
// a full run once stayed alive after its report on a handle some stage left open: exit once the report is flushed
process.stdout.write('', () => process.exit(code));
