/**
 * npm run bench:store — points per second written through each TelemetryStore adapter, and the ratio to a raw
 * batched line-protocol write (serialise the batch, plain HTTP POST /write?precision=ms, same batch size, same
 * number of requests in flight) into the same InfluxDB, measured in the same run. Target: each InfluxDB adapter ≥ 60 % of raw.
 *
 *   --points N   points per measurement (default 100000)    --batch N   points per request (default 5000)
 *   --rounds N   raw/adapter rounds, alternating (default 4) InfluxDB: QW_TEST_INFLUX_URL, or one started here
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import { EmbeddedStore } from '../../apps/server/src/store/embedded/embedded-store.js';
import { Influxdb1Store } from '../../apps/server/src/store/influxdb1/influxdb1-store.js';
import type { TelemetryStore } from '../../apps/server/src/store/telemetry-store.js';
import { cli, positive } from '../lib/cli.js';

const args = cli(
  process.argv.slice(2),
  'npm run bench:store -- [options]',
  'Points per second written through each TelemetryStore adapter, and the ratio to a raw batched line-protocol\nwrite into the same InfluxDB in the same run (QW_TEST_INFLUX_URL, or one started here).',
  {
    points: { type: 'string', arg: '<n>', help: 'points per measurement (default 100000)' },
    batch: { type: 'string', arg: '<n>', help: 'points per request (default 5000)' },
    rounds: { type: 'string', arg: '<n>', help: 'raw/adapter rounds, alternating (default 4)' },
  },
  (v) => ({
    points: positive(v.points, 'points', 100_000, true),
    batch: positive(v.batch, 'batch', 5000, true),
    rounds: positive(v.rounds, 'rounds', 4, true),
  }),
);
const POINTS = args.points;
const BATCH = args.batch;
const ROUNDS = args.rounds;
const DEVICES = 1_000;
const IN_FLIGHT = 4; // the adapters' own limit of open requests
const SCRIPT = new URL('../../../deploy/influxd-test.sh', import.meta.url).pathname;

/** the same readings for every contender: 1,000 motors in 10 plants, 4 metrics each, one reading per second */
function readings(n: number, t0: number): Reading[] {
  return Array.from({ length: n }, (_, i) => ({
    plantId: `p${i % 10}`,
    deviceId: `m${i % DEVICES}`,
    class: 'motor' as const,
    ts: t0 + Math.floor(i / DEVICES) * 1000,
    seq: Math.floor(i / DEVICES),
    metrics: { active_power: 40 + (i % 17), current: 80 + (i % 5), voltage: 380, power_factor: 0.86 },
  }));
}

function toLine(r: Reading): string {
  const f = Object.entries(r.metrics)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `telemetry,class=${r.class},device=${r.deviceId},plant=${r.plantId} ${f},seq=${r.seq} ${r.ts}`;
}

async function query(url: string, q: string): Promise<void> {
  const res = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q }) });
  if (!res.ok) throw new Error(`${q}: ${res.status}`);
}

/** runs `jobs` with at most IN_FLIGHT at once; returns points per second */
async function timed(n: number, jobs: Array<() => Promise<void>>): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

/** the reference writer: the least a client can do, serialise the batch (minimal escaping) and POST it */
async function rawRun(url: string, db: string, data: Reading[]): Promise<number> {
  const chunks: Reading[][] = [];
  for (let i = 0; i < data.length; i += BATCH) chunks.push(data.slice(i, i + BATCH));
  return timed(
    data.length,
    chunks.map((c) => async () => {
      const body = c.map(toLine).join('\n');
      const res = await fetch(`${url}/write?db=${db}&rp=qw_raw&precision=ms`, { method: 'POST', body });
      if (res.status !== 204) throw new Error(`raw write: ${res.status} ${await res.text()}`);
    }),
  );
}

async function adapterRun(store: TelemetryStore, data: Reading[]): Promise<number> {
  const chunks: Reading[][] = [];
  for (let i = 0; i < data.length; i += BATCH) chunks.push(data.slice(i, i + BATCH));
  return timed(
    data.length,
    chunks.map((c) => () => store.write(c)),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  let url = process.env.QW_TEST_INFLUX_URL;
  let started = false;
  if (!url) {
    url = execFileSync(SCRIPT, ['start'], { encoding: 'utf8' }).trim().split('=')[1];
    started = true;
  }
  const db = `qw_bench_${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'qw-bench-'));
  try {
    const influx = new Influxdb1Store({ url, database: db, batchSize: BATCH });
    await influx.init(); // the same database, retention policies and continuous queries for both contenders
    const embedded = new EmbeddedStore(dataDir);
    await embedded.init();
    // current timestamps (as a live plant writes: no late-reading backfill), distinct per round and contender
    const base = Date.now() - 120_000;
    const span = Math.ceil(POINTS / DEVICES) * 1000;
    const raw: number[] = [];
    const adapter: number[] = [];
    await rawRun(url, db, readings(Math.min(POINTS, DEVICES * 5), base - 60_000)); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      raw.push(await rawRun(url, db, readings(POINTS, base + 2 * round * span)));
      adapter.push(await adapterRun(influx, readings(POINTS, base + (2 * round + 1) * span)));
    }
    const emb = await adapterRun(embedded, readings(POINTS, base));
    await influx.close();
    await embedded.close();

    const r = median(raw);
    const rows = [
      ['raw line protocol (HTTP POST /write)', r, 1],
      ['influxdb1 adapter', median(adapter), median(adapter) / r],
      ['embedded adapter (fsync per batch, disk)', emb, emb / r],
    ] as const;
    console.log(`store bench: ${fmt(POINTS)} points × ${ROUNDS} rounds, batch ${BATCH}, ${IN_FLIGHT} in flight`);
    for (const [name, pps, ratio] of rows)
      console.log(
        `  ${name.padEnd(40)} ${fmt(pps).padStart(10)} points/s  ${(ratio * 100).toFixed(0).padStart(4)} % of raw`,
      );
    console.log('  influxdb2 adapter                         not measured: no InfluxDB 2.x server here');
    console.log(
      JSON.stringify({
        points: POINTS,
        batch: BATCH,
        rawPointsPerSec: Math.round(r),
        influxdb1PointsPerSec: Math.round(median(adapter)),
        influxdb1Ratio: Number((median(adapter) / r).toFixed(3)),
        embeddedPointsPerSec: Math.round(emb),
        embeddedRatio: Number((emb / r).toFixed(3)),
      }),
    );
  } finally {
    await query(url, `DROP DATABASE "${db}"`).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    if (started) execFileSync(SCRIPT, ['stop']);
  }
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
