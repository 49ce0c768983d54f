/**
 * `npm run bench:soak [-- options]` (`--help` lists them): memory over hours, not minutes. The built server as a
 * process, gateways publishing one reading per device per message at a steady rate for a long time; its resident
 * memory and V8 heap are sampled at intervals and the growth from the baseline (default the 10-minute mark) to the
 * end is the figure (target < 5 %). Afterwards the readings stored are counted and compared with the readings the
 * gateways saw acknowledged: any acknowledged reading missing makes the exit code 1.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryResponse } from '#contracts';
import { obtainInflux, influxVersion, type InfluxHandle } from '../lib/influx.js';
import { startLoad, type LoadProgress, type LoadResult } from '../lib/load.js';
import { loadAverage, procSample, sleep } from '../lib/procs.js';
import { benchCredentials, startServer, writeBenchFleet, type QinwattServer } from '../lib/server.js';
import { parseSoakArgs, SOAK_HELP, type SoakOptions } from './options.js';
import { fmtTime, growth, parseSampleRows, renderGrowth, renderSample, SAMPLE_HEADER, type Sample } from './report.js';
import { apiFetch } from '../lib/api.js';

const PLANT = 'soak';
const RAW_RP = 'qw_raw'; // the influxdb1 adapter's raw retention policy
const log = (msg: string) => process.stderr.write(`soak: ${msg}\n`);

interface Scraped {
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** the server's own V8 figures from its /metrics (prom-client default metrics) */
async function scrapeHeap(httpUrl: string): Promise<Scraped | undefined> {
  const res = await apiFetch(`${httpUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) return undefined;
  const text = await res.text();
  const get = (name: string) => Number(new RegExp(`^qinwatt_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    heapUsed: get('nodejs_heap_size_used_bytes'),
    heapTotal: get('nodejs_heap_size_total_bytes'),
    external: get('nodejs_external_memory_bytes'),
  };
}

interface Health {
  counters?: { accepted?: number; written?: number; spoolPending?: number; rejected?: Record<string, number> };
}

async function health(httpUrl: string): Promise<{ body: Health; ms: number }> {
  const t0 = performance.now();
  const res = await apiFetch(`${httpUrl}/health`, { signal: AbortSignal.timeout(30_000) });
  const body = (await res.json()) as Health;
  return { body, ms: performance.now() - t0 };
}

/** stored readings of each device through the history API, one 1-hour window per hour of the run */
async function countViaApi(server: QinwattServer, devices: string[], from: number, to: number): Promise<number> {
  let total = 0;
  let next = 0;
  const worker = async () => {
    while (next < devices.length) {
      const d = devices[next++];
      const url =
        `${server.httpUrl}/api/history/plants/${PLANT}/devices/${d}` +
        `?from=${from}&to=${to}&resolution=1h&metrics=active_power`;
      const res = await apiFetch(url);
      if (!res.ok) throw new Error(`history ${d}: ${res.status} ${await res.text()}`);
      for (const row of ((await res.json()) as HistoryResponse).rows) total += row.count?.active_power ?? 0;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return total;
}

async function countInInflux(handle: InfluxHandle, db: string): Promise<number> {
  const s = await handle.influx.query<[number, number]>(
    `SELECT count("active_power") FROM "${RAW_RP}"."telemetry"`,
    db,
  );
  return s[0]?.values[0]?.[1] ?? 0;
}

async function waitDrained(httpUrl: string, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const h = await health(httpUrl).catch(() => undefined);
    if (h && h.body.counters?.spoolPending === 0) break;
    await sleep(500);
  }
  return (Date.now() - t0) / 1000;
}

const load1 = () => loadavg()[0];

async function main(o: SoakOptions): Promise<number> {
  const started = new Date();
  const dir = mkdtempSync(join(tmpdir(), 'qw-soak-'));
  const perGateway = o.devices / o.gateways;
  const fleetFile = writeBenchFleet(dir, PLANT, [{ prefix: 'g', devices: perGateway, gateways: o.gateways }]);
  const env: Record<string, string> = { QW_FLEET_FILE: fleetFile, QW_DATA_DIR: join(dir, 'data') };
  let influx: InfluxHandle | undefined;
  const db = `soak_${Date.now()}`;
  let storeNote = 'embedded store in the data directory';
  if (o.store === 'influxdb1') {
    influx = await obtainInflux();
    storeNote = `InfluxDB ${await influxVersion(influx.influx)} (${influx.origin}), database ${db}`;
    Object.assign(env, { QW_STORE: 'influxdb1', QW_INFLUX_URL: influx.influx.url, QW_INFLUX_DATABASE: db });
  } else env.QW_STORE = 'embedded';

  const lines: string[] = [];
  const print = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? '?';
  const messagesPerSec = o.gateways * o.rate;
  print(
    `Soak ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${o.devices.toLocaleString('en-US')} devices ` +
      `through ${o.gateways} gateways, ${o.rate} reading/s each (${(o.devices * o.rate).toLocaleString('en-US')} ` +
      `readings/s in ${messagesPerSec} QoS 1 messages/s) for ${fmtTime(o.durationMs / 1000)}; store: ${storeNote}.`,
  );
  print(`${cpu}, ${cpus().length} cores, Node ${process.version}; load average ${loadAverage()} at the start.`);
  print('');

  let server: QinwattServer | undefined;
  let failed: string | undefined;
  const samples: Sample[] = [];
  let result: LoadResult | undefined;
  let stored: number | undefined;
  let drainSec = 0;
  let rejected: Record<string, number> = {};
  try {
    server = await startServer(env);
    const srv = server;
    log(`server up at ${srv.httpUrl} (pid ${srv.service.pid})`);
    const gateways = Array.from({ length: o.gateways }, (_, k) => ({
      id: `g${k}`,
      ...benchCredentials(PLANT, `g${k}`),
      devices: Array.from({ length: perGateway }, (_, i) => `g${k}-${i}`),
    }));
    let progress: LoadProgress = { sent: 0, acked: 0, readingsAcked: 0, errors: 0, heldBack: 0 };
    const load = startLoad(
      {
        url: srv.mqttUrl,
        qos: 1,
        kind: 'gateway',
        plantId: PLANT,
        targets: gateways,
        batch: perGateway,
        window: 20,
        rate: messagesPerSec,
        durationMs: o.durationMs,
        warmupMs: 0,
        drainMs: 60_000,
        tsBase: 0,
        wallClock: true,
        bucketMs: Math.min(60_000, o.durationMs / 4),
        progressMs: Math.min(1000, o.sampleMs),
      },
      (p) => (progress = p),
    );
    await load.ready;
    const t0 = Date.now();
    const from = t0 - 60_000;
    print(SAMPLE_HEADER);
    const done = load.go();
    let finished = false;
    void done.finally(() => (finished = true)).catch(() => undefined);
    let prev = { at: t0, acked: 0, written: 0 };
    const sample = async () => {
      const at = Date.now();
      const rss = procSample(srv.service.pid).rssBytes;
      const [heap, h] = await Promise.all([
        scrapeHeap(srv.httpUrl).catch(() => undefined),
        health(srv.httpUrl).catch(() => undefined),
      ]);
      const written = h?.body.counters?.written ?? prev.written;
      const dt = (at - prev.at) / 1000;
      const s: Sample = {
        atSec: (at - t0) / 1000,
        rssMb: rss / 2 ** 20,
        heapUsedMb: heap ? heap.heapUsed / 2 ** 20 : NaN,
        heapTotalMb: heap ? heap.heapTotal / 2 ** 20 : NaN,
        externalMb: heap ? heap.external / 2 ** 20 : NaN,
        ackedPerSec: dt > 0 ? (progress.readingsAcked - prev.acked) / dt : 0,
        writtenPerSec: dt > 0 ? (written - prev.written) / dt : 0,
        spoolPending: h?.body.counters?.spoolPending ?? NaN,
        healthMs: h?.ms ?? NaN,
        heldBack: progress.heldBack,
        load1: load1(),
      };
      prev = { at, acked: progress.readingsAcked, written };
      samples.push(s);
      print(renderSample(s));
    };
    for (let k = 1; !finished; k++) {
      const due = t0 + k * o.sampleMs;
      while (!finished && Date.now() < due) await sleep(Math.min(250, due - Date.now()));
      if (finished || Date.now() - t0 > o.durationMs + 1000) break;
      if (srv.service.proc.exitCode !== null) throw new Error(`server exited ${srv.service.proc.exitCode}`);
      await sample();
    }
    result = await done;
    await load.terminate();
    drainSec = await waitDrained(srv.httpUrl, 180_000);
    const to = Date.now() + 60_000;
    const devices = gateways.flatMap((g) => g.devices);
    stored = influx ? await countInInflux(influx, db) : await countViaApi(srv, devices, from, to);
    rejected = (await health(srv.httpUrl)).body.counters?.rejected ?? {};
  } catch (e) {
    failed = (e as Error).stack ?? String(e);
    log(`FAILED: ${failed}`);
    if (server) log(server.service.logs.slice(-20).join('\n'));
  } finally {
    await server?.stop();
    if (influx) {
      await influx.influx.dropDb(db).catch(() => undefined);
      await influx.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  }

  print('');
  print(renderGrowth(growth(samples, o.baselineMs)));
  const acked = result?.readingsAcked ?? 0;
  const lost = stored === undefined ? undefined : Math.max(0, acked - stored);
  const rejectedTotal = Object.values(rejected).reduce((a, b) => a + b, 0);
  if (result)
    print(
      `Readings acknowledged ${acked.toLocaleString('en-US')}, stored ${stored?.toLocaleString('en-US') ?? 'not counted'}` +
        `, acknowledged but lost ${lost?.toLocaleString('en-US') ?? 'unknown'}; rejected by the server ` +
        `${rejectedTotal}; publish errors ${result.errors}; offers held back by a full window ${result.heldBack}; ` +
        `PUBACK p50 ${result.ack.p50.toFixed(1)} ms, p99 ${result.ack.p99.toFixed(1)} ms, max ` +
        `${result.ack.max.toFixed(0)} ms; the store caught up ${drainSec.toFixed(1)} s after the load stopped.`,
    );
  print(`Load average ${loadAverage()} at the end.`);
  if (failed) print(`FAILED: ${failed.split('\n')[0]}`);
  if (o.out) writeFileSync(o.out, `${lines.join('\n')}\n`);
  return failed || lost === undefined || lost > 0 ? 1 : 0;
}

let opts: SoakOptions | 'help';
try {
  opts = parseSoakArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n\n${SOAK_HELP}\n`);
  process.exit(2);
}
if (opts === 'help') process.stdout.write(`${SOAK_HELP}\n`);
else if (opts.summarize)
  process.stdout.write(
    `${renderGrowth(growth(parseSampleRows(readFileSync(opts.summarize, 'utf8')), opts.baselineMs))}\n`,
  );
else process.exitCode = await main(opts);
