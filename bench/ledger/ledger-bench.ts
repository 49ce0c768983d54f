/**
 * npm run bench:ledger — the cost of a month's ledger report for a large fleet (time, peak RSS, peak heap).
 *
 * It writes a month of 1-minute rollups for the fleet straight into the embedded store's rollup files (the state the
 * store is in once it has sealed those hours: raw readings older than 8 days are gone by then anyway), then builds
 * the monthly report with the server's own services (EmbeddedStore → LedgerService → ReportsService) in this
 * process: cold (no plant-day saved yet: every day is read from the rollups) and warm (the days saved by the cold
 * run, read by a fresh service). The HTTP layer is left out: it adds one request, not per-device work.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import pino from 'pino';
import type { AppConfig } from '../../apps/server/src/config/config.js';
import { FleetRegistry } from '../../apps/server/src/fleet/fleet-registry.js';
import { ReadingsBus } from '../../apps/server/src/bus/readings-bus.js';
import { EmbeddedStore } from '../../apps/server/src/store/embedded/embedded-store.js';
import { Segments, SEGMENT_MS, segmentOf } from '../../apps/server/src/store/embedded/segments.js';
import { TELEMETRY, type Bucket } from '../../apps/server/src/store/telemetry-store.js';
import { LedgerService } from '../../apps/server/src/ledger/ledger.service.js';
import { openStateDb } from '../../apps/server/src/state/state-db.js';
import { ReportsService, type ReportLevel } from '../../apps/server/src/ledger/report/reports.service.js';
import { benchFleet, hourBuckets, kwOf } from './fleet.js';
import { compareFormats } from './formats.js';

const USAGE = `npm run bench:ledger -- [options]

  --devices N        devices in the fleet (default 1000)
  --plants N         plants of the one enterprise (default 10)
  --month YYYY-MM    the month reported (default: last month, Asia/Shanghai)
  --extra-fields N   further fields per device and minute, beside those the ledger reads (default 0)
  --pdf              also print the PDF (needs Chromium)
  --formats          only compare rollup file formats on one hour of the fleet, then stop
  --help             this text
`;

interface Options {
  devices: number;
  plants: number;
  month: string;
  extra: number;
  pdf: boolean;
  formats: boolean;
}

function options(argv: string[]): Options {
  let v;
  try {
    v = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        devices: { type: 'string' },
        plants: { type: 'string' },
        month: { type: 'string' },
        'extra-fields': { type: 'string' },
        pdf: { type: 'boolean' },
        formats: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (v.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const int = (name: string, s: string | undefined, dflt: number, min: number, max: number) => {
    if (s === undefined) return dflt;
    const n = Number(s);
    if (!/^\d+$/.test(s) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const month = v.month ?? DateTime.now().setZone('Asia/Shanghai').minus({ months: 1 }).toFormat('yyyy-MM');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) fail('--month must be YYYY-MM');
  const devices = int('devices', v.devices, 1000, 1, 100_000);
  const plants = int('plants', v.plants, 10, 1, 1000);
  if (devices < plants * 8) fail('--devices must be at least 8 per plant (a kiln, 2 boilers, 4 transformers, a drive)');
  return {
    devices,
    plants,
    month,
    extra: int('extra-fields', v['extra-fields'], 0, 0, 50),
    pdf: v.pdf ?? false,
    formats: v.formats ?? false,
  };
}

function fail(msg: string): never {
  process.stderr.write(`${msg}\n\n${USAGE}`);
  process.exit(2);
}

/** peak RSS since the last reset (Linux: VmHWM, reset by writing 5 to clear_refs) and peak V8 heap by sampling */
class Peak {
  private heap = 0;
  private timer?: NodeJS.Timeout;
  start(): void {
    try {
      writeFileSync('/proc/self/clear_refs', '5');
    } catch {
      // not Linux: the peak is since the process started
    }
    this.heap = process.memoryUsage().heapUsed;
    this.timer = setInterval(() => (this.heap = Math.max(this.heap, process.memoryUsage().heapUsed)), 10);
  }
  stop(): { rssMb: number; heapMb: number } {
    clearInterval(this.timer);
    this.heap = Math.max(this.heap, process.memoryUsage().heapUsed);
    let rss = process.memoryUsage().rss;
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
      if (m) rss = Number(m[1]) * 1024;
    } catch {
      // keep the current RSS
    }
    return { rssMb: rss / 2 ** 20, heapMb: this.heap / 2 ** 20 };
  }
}

const silent = pino({ level: 'silent' });

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const fleet = benchFleet(o.devices, o.plants);
  const registry = new FleetRegistry(fleet);
  const from = DateTime.fromISO(`${o.month}-01`, { zone: 'Asia/Shanghai' });
  const start = from.toMillis();
  const end = from.plus({ months: 1 }).toMillis();
  if (o.formats) {
    console.log(compareFormats(fleet, start, o.extra).join('\n'));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'qw-ledger-bench-'));
  try {
    const t0 = performance.now();
    const seg = new Segments(join(dir, 'store'));
    const kwh = new Map(fleet.devices.map((d) => [d.id + d.plantId, 0]));
    let bytes = 0;
    for (let h = start; h < end; h += SEGMENT_MS) {
      const m1: Record<string, Bucket[]> = {};
      const h1: Record<string, Bucket[]> = {};
      for (const d of fleet.devices) {
        const k = d.id + d.plantId;
        const b = hourBuckets(d, h, kwh.get(k)!, o.extra);
        kwh.set(k, kwh.get(k)! + kwOf(d));
        m1[`${d.plantId}/${d.id}`] = b;
        h1[`${d.plantId}/${d.id}`] = [hourOf(b, h)];
      }
      await seg.writeRollup('1m', TELEMETRY, segmentOf(h), m1);
      await seg.writeRollup('1h', TELEMETRY, segmentOf(h), h1);
      bytes += statSync(seg.rollupPath('1m', TELEMETRY, segmentOf(h))).size;
    }
    const hours = (end - start) / SEGMENT_MS;
    console.log(
      `fleet: ${o.devices.toLocaleString('en-US')} devices in ${o.plants} plants of one enterprise; ` +
        `${o.month}: ${hours} hours of 1-minute rollups (${(bytes / 2 ** 30).toFixed(2)} GiB of 1-minute rollup files), ` +
        `written in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    console.log(`report: month, with 环比 and 同比 (3 months read; the previous month and last year hold no data)\n`);
    console.log('| run | subject | devices | time | peak RSS | peak heap |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    const plantDevices = fleet.devices.filter((d) => d.plantId === 'plant-1').length;
    const run = async (label: string, level: ReportLevel, id: string, n: number, fresh: boolean) => {
      if (fresh) for (const d of ['ledger', 'state']) rmSync(join(dir, d), { recursive: true, force: true });
      global.gc?.();
      const store = new EmbeddedStore(dir);
      await store.init();
      const config = { dataDir: dir } as AppConfig;
      const state = openStateDb({ engine: 'embedded', dataDir: join(dir, 'state') });
      await state.migrate();
      const ledger = new LedgerService(config, registry, store, new ReadingsBus(), silent, state);
      await ledger.onModuleInit();
      const reports = new ReportsService(config, ledger, registry, silent, state);
      const peak = new Peak();
      peak.start();
      const t = performance.now();
      const r = await reports.build(level, id, o.month, 'zh');
      const xlsx = await reports.render(r, 'xlsx');
      if (o.pdf) await reports.render(r, 'pdf');
      const ms = performance.now() - t;
      const m = peak.stop();
      await state.close();
      await store.close();
      if (!xlsx.length || !r.rows.length) throw new Error('empty report');
      console.log(
        `| ${label} | ${level} ${id} | ${n.toLocaleString('en-US')} | ${(ms / 1000).toFixed(1)} s | ` +
          `${m.rssMb.toFixed(0)} MiB | ${m.heapMb.toFixed(0)} MiB |`,
      );
    };
    await run('cold', 'plant', 'plant-1', plantDevices, true);
    await run('cold', 'enterprise', 'bench-group', o.devices, true);
    await run('warm', 'enterprise', 'bench-group', o.devices, false);
    await run('warm', 'plant', 'plant-1', plantDevices, false);
    console.log(
      `\nformats: .xlsx${o.pdf ? ' and PDF' : ' (the PDF adds a Chromium print: --pdf)'}; ` +
        `Node ${process.version}; rollup files read through EmbeddedStore.aggregate, one device at a time`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function hourOf(b: Bucket[], ts: number): Bucket {
  const values: Bucket['values'] = {};
  for (const f of Object.keys(b[0]!.values)) {
    const xs = b.map((x) => x.values[f]!);
    values[f] = {
      mean: xs.reduce((s, x) => s + x.mean, 0) / xs.length,
      min: Math.min(...xs.map((x) => x.min)),
      max: Math.max(...xs.map((x) => x.max)),
      count: xs.reduce((s, x) => s + x.count, 0),
    };
  }
  return { ts, values };
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
