/**
 * `npm run bench [-- --smoke] [--no-peer] [--out FILE]`: one run that measures the limits of this machine (raw
 * aedes and Mosquitto passthrough, raw InfluxDB writes), qinwatt end to end, and the Node-RED peer, then prints
 * one table of figures and same-run ratios and writes it as JSON.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import { parseArgs, type BenchOptions } from './options.js';
import { startAedes, startMosquitto, MOSQUITTO_MAX_QUEUED, type Broker } from './lib/brokers.js';
import { influxVersion, obtainInflux, type InfluxHandle } from './lib/influx.js';
import { passthrough, type PassthroughResult } from './stages/passthrough.js';
import { influxWrite, type InfluxWriteResult } from './stages/influx-write.js';
import { installPeer, peer, peerInstalled, type PeerResult } from './stages/peer.js';
import { qinwatt, type QinwattResults } from './stages/qinwatt.js';
import { renderTable, updateReadme, writeReport, type Report, type Row } from './report.js';
import { ratios } from './ratios.js';

const o = parseArgs(process.argv.slice(2));
const rows: Row[] = [];
const failures: string[] = [];
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

function passRows(stageName: string, r: PassthroughResult | undefined, note: string): void {
  rows.push({ stage: stageName, figure: 'delivered', value: r?.rate ?? null, unit: 'msg/s', note });
  rows.push({
    stage: stageName,
    figure: 'latency p50 / p99',
    value: r?.latency.p50 ?? null,
    unit: 'ms',
    note: r ? `p99 ${r.latency.p99.toFixed(1)} ms, lost ${r.lostPct.toFixed(2)} %` : undefined,
  });
}

function peerRows(r: PeerResult | undefined, why?: string): void {
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

/** the 1/5/15-minute load averages: on a shared machine they say how much the figures were squeezed */
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

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
  return { cpu, cores: String(cpus().length), node: process.version, mosquitto, loadStart: load() };
}

async function main(opts: BenchOptions): Promise<number> {
  const started = new Date();
  const mach = machine();
  let influx: InfluxHandle | undefined;
  let mosq: Broker | undefined;
  let q: QinwattResults | undefined;
  const peers: PeerResult[] = [];
  let aq1: PassthroughResult | undefined;
  let m1: PassthroughResult | undefined;
  let iw: InfluxWriteResult | undefined;
  try {
    influx = await obtainInflux();
    mach.influxdb = await influxVersion(influx.influx);
    details.influx = influx.origin;
    const run = `${Date.now()}`;

    const want = (k: string) => !opts.only || opts.only.includes(k);

    // the aedes reference runs before and after qinwatt: on a shared machine one sample can land in a busy spell,
    // and the ratio is taken against the better of the two (the conservative choice for qinwatt)
    const aedesRef = async (when: string) => {
      if (!want('aedes')) return;
      const aedes = await startAedes();
      const r = await stage(`aedes QoS1 passthrough (${when})`, () => passthrough(aedes.url, 1, opts)).finally(() =>
        aedes.stop(),
      );
      passRows(
        `raw aedes 1.2 QoS1 (${when})`,
        r,
        `${opts.connections} publishers × ${opts.window} in flight → 1 subscriber`,
      );
      if (r && (!aq1 || r.rate > aq1.rate)) aq1 = r;
    };
    await aedesRef('before');

    if (want('mosquitto') || want('peer')) mosq = await startMosquitto();
    if (want('mosquitto')) {
      const m0 = await stage('Mosquitto QoS0 passthrough', () => passthrough(mosq!.url, 0, opts));
      passRows('raw Mosquitto QoS0', m0, `max_queued_messages ${MOSQUITTO_MAX_QUEUED}`);
      m1 = await stage('Mosquitto QoS1 passthrough', () => passthrough(mosq!.url, 1, opts));
      passRows('raw Mosquitto QoS1', m1, `max_queued_messages ${MOSQUITTO_MAX_QUEUED}`);
    }

    const fx = influx.influx;
    if (want('influx')) {
      iw = await stage('InfluxDB raw write', () => influxWrite(fx, `bench_raw_${run}`, opts));
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
      q = await stage('qinwatt', () => qinwatt(fx, `bench_qw_${run}`, opts, log));
      if (q) rows.push(...q.rows);
    }
    await aedesRef('after');

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
        peerRows(p, p ? undefined : 'failed (see failures)');
      }
    } else peerRows(undefined, peerWhy ?? 'Node-RED install failed (see failures)');

    for (const db of (await fx.query<[string]>('SHOW DATABASES'))[0]?.values ?? [])
      if (db[0].endsWith(`_${run}`)) await fx.dropDb(db[0]);
  } catch (e) {
    failures.push(`setup: ${(e as Error).message}`);
    log(`FAILED: ${(e as Error).stack ?? e}`);
  } finally {
    await mosq?.stop();
    await influx?.stop();
  }
  mach.loadEnd = load();
  const report: Report = {
    when: started.toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: mach,
    rows,
    ratios: ratios({ aedesQos1: aq1, mosquittoQos1: m1, influxWrite: iw, qinwatt: q, peers }),
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
  process.stdout.write(`written: ${opts.out}\n`);
  return failures.length ? 1 : 0;
}

process.exitCode = await main(o);
