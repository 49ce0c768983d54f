import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';
import { SOCKET_PATH, type Reading } from '#contracts';
import type { BenchOptions } from '../options.js';
import type { Influx } from '../lib/influx.js';
import { startLoad, type LoadResult, type LoadSpec } from '../lib/load.js';
import { startProbes } from '../lib/probe.js';
import { ProcMonitor, type ProcUsage } from '../lib/procs.js';
import { startServer, writeBenchFleet, type QinwattServer } from '../lib/server.js';
import { Latencies, nowMs, type LatencySummary } from '../lib/stats.js';
import type { Row } from '../report.js';

const PLANT = 'bench';

export interface QinwattResults {
  rows: Row[];
  store: string;
  loadGenerator: string;
  sustained: LoadResult & { usage: ProcUsage; stored: LatencySummary; storedNote: string };
  batched: LoadResult & { usage: ProcUsage };
  half: LoadResult & { live: LatencySummary; alert: LatencySummary | null; alertNote: string };
  overload: LoadResult & { usage: ProcUsage; offeredRate: number };
  acknowledged: Record<string, number>;
  stored: Record<string, number>;
  lost: number;
  /** the server's own ingest counters at the end (rejections must be none: the bench sends only valid readings) */
  counters: Counters;
}

interface Counters {
  received?: number;
  accepted?: number;
  rejected?: Record<string, number>;
}

/** qinwatt end to end: the built server process, driven over MQTT as meters and gateways drive it. */
export async function qinwatt(
  influx: Influx,
  db: string,
  o: BenchOptions,
  log: (m: string) => void,
): Promise<QinwattResults> {
  const dir = mkdtempSync(join(tmpdir(), 'qw-bench-qinwatt-'));
  const n = o.connections;
  const fleetFile = writeBenchFleet(dir, PLANT, [
    { prefix: 's', devices: n },
    { prefix: 'g', devices: o.gatewayBatch, gateways: n },
    { prefix: 'h', devices: n },
    { prefix: 'o', devices: n },
    { prefix: 'probe', devices: 1 },
  ]);
  const { server, store } = await startQinwatt(fleetFile, join(dir, 'data'), influx, db);
  log(`qinwatt up (store: ${store})`);
  const targets = (prefix: string) =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, devices: [`${prefix}${i}`] }));
  const hour = 3_600_000;
  const base: Omit<LoadSpec, 'kind' | 'targets' | 'tsBase'> = {
    url: server.mqttUrl,
    qos: 1,
    plantId: PLANT,
    batch: 1,
    window: o.window,
    durationMs: o.stageMs,
    warmupMs: o.warmupMs,
    drainMs: 30_000,
    bucketMs: o.smoke ? 250 : 1000,
  };
  const acknowledged: Record<string, number> = {};
  try {
    // 1. the most it sustains with one reading per message: closed loop, each meter keeps `window` in flight
    let usage = new ProcMonitor(server.service.pid);
    const probes = await startProbes({
      url: server.mqttUrl,
      plantId: PLANT,
      deviceId: 'probe0',
      tsBase: Date.now() - 5 * hour,
      gapMs: o.smoke ? 50 : 100,
      pollMs: 10,
      timeoutMs: 30_000,
    });
    const sustained = await runLoad({ ...base, kind: 'device', targets: targets('s'), tsBase: Date.now() - 4 * hour });
    const storedProbe = (await probes.stop()).latency.summary();
    const sustainedUsage = usage.stop();
    acknowledged.s = sustained.readingsAcked;
    log(`sustained ${sustained.readingsPerSec.toFixed(0)} readings/s`);

    // 2. gateway batches: each gateway message carries `gatewayBatch` readings for its own meters
    usage = new ProcMonitor(server.service.pid);
    const gw = Array.from({ length: n }, (_, k) => ({
      id: `g${k}`,
      devices: Array.from({ length: o.gatewayBatch }, (_, i) => `g${k}-${i}`),
    }));
    const batched = await runLoad({
      ...base,
      kind: 'gateway',
      targets: gw,
      batch: o.gatewayBatch,
      window: 2,
      tsBase: Date.now() - 3 * hour,
    });
    const batchedUsage = usage.stop();
    acknowledged.g = batched.readingsAcked;
    log(`gateway-batched ${batched.readingsPerSec.toFixed(0)} readings/s`);

    // 3. half the maximum, offered at a steady rate: latency to the live console (and to an alert when detection runs)
    const maxRate = sustained.ackRate;
    const live = new Latencies();
    const socket = io(server.httpUrl, { path: SOCKET_PATH, transports: ['websocket'] });
    await new Promise<void>(
      (resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)),
    );
    const liveProbes = await startProbes({
      url: server.mqttUrl,
      plantId: PLANT,
      deviceId: 'probe0',
      tsBase: Date.now() - 2 * hour,
      gapMs: o.smoke ? 100 : 300,
      pollMs: 10,
      timeoutMs: 30_000,
    });
    socket.on('readings', (rs: Reading[]) => {
      const at = nowMs();
      for (const r of rs)
        if (r.deviceId === 'probe0' && r.seq !== undefined && liveProbes.sentAt.has(r.seq))
          live.add(at - liveProbes.sentAt.get(r.seq)!);
    });
    const half = await runLoad({
      ...base,
      kind: 'device',
      targets: targets('h'),
      rate: Math.max(1, maxRate / 2),
      window: 1000,
      tsBase: Date.now() - 1 * hour,
    });
    await liveProbes.stop();
    socket.close();
    acknowledged.h = half.readingsAcked;

    // 4. overload: twice the sustainable rate, publishers allowed a deep window so the server sees the pressure
    usage = new ProcMonitor(server.service.pid);
    const offeredRate = 2 * maxRate;
    const overload = await runLoad({
      ...base,
      kind: 'device',
      targets: targets('o'),
      rate: offeredRate,
      window: o.smoke ? 200 : 1000,
      durationMs: o.overloadMs,
      warmupMs: Math.min(o.warmupMs, o.overloadMs / 4),
      tsBase: Date.now() - 30 * 60_000,
    });
    const overloadUsage = usage.stop();
    acknowledged.o = overload.readingsAcked;
    log(`overload delivered ${overload.readingsPerSec.toFixed(0)} readings/s of ${offeredRate.toFixed(0)} offered`);

    const health = (await (await fetch(`${server.httpUrl}/health`)).json()) as { counters?: Counters };
    await server.stop();
    const stored = store === 'embedded' ? await countEmbedded(server.dataDir) : {};
    let lost = 0;
    for (const k of Object.keys(acknowledged)) lost += Math.max(0, acknowledged[k] - (stored[k] ?? 0));

    const results: QinwattResults = {
      rows: [],
      store,
      loadGenerator: 'bench load generator (mqtt.js, one connection per meter or gateway)',
      sustained: {
        ...sustained,
        usage: sustainedUsage,
        stored: storedProbe,
        storedNote: 'embedded store indexes before it acknowledges: queryable at PUBACK',
      },
      batched: { ...batched, usage: batchedUsage },
      half: { ...half, live: live.summary(), alert: null, alertNote: 'detection not in this build' },
      overload: { ...overload, usage: overloadUsage, offeredRate },
      acknowledged,
      stored,
      lost,
      counters: health.counters ?? {},
    };
    results.rows = rowsOf(results, o);
    return results;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const load = startLoad(spec);
  try {
    await load.ready;
    return await load.go();
  } finally {
    await load.terminate();
  }
}

async function startQinwatt(
  fleetFile: string,
  dataDir: string,
  _influx: Influx,
  _db: string,
): Promise<{ server: QinwattServer; store: string }> {
  const server = await startServer({ QW_FLEET_FILE: fleetFile, QW_DATA_DIR: dataDir, QW_STORE: 'embedded' });
  return { server, store: 'embedded' };
}

/** Counts stored readings per device-id prefix (s, g, h, o) in the embedded store's log. */
async function countEmbedded(dataDir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const lines = createInterface({ input: createReadStream(join(dataDir, 'telemetry.jsonl')) });
  for await (const line of lines) {
    const m = /"deviceId":"([a-z]+)\d/.exec(line);
    if (m) out[m[1]] = (out[m[1]] ?? 0) + 1;
  }
  return out;
}

function rowsOf(r: QinwattResults, o: BenchOptions): Row[] {
  const stage = `qinwatt (${r.store} store)`;
  const s = r.sustained;
  const ov = r.overload;
  const first = ov.buckets.find((b) => b.acked > 0 && Number.isFinite(b.ackP99));
  const bucketMs = ov.buckets[1]?.atMs ?? 1000;
  const lastFull = ov.buckets
    .filter((b) => b.atMs + bucketMs <= o.overloadMs)
    .filter((b) => Number.isFinite(b.ackP99))
    .at(-1);
  return [
    {
      stage,
      figure: 'sustained, 1 reading/message',
      value: s.readingsPerSec,
      unit: 'readings/s',
      note: `QoS 1, ${o.connections} meters × window ${o.window}`,
    },
    {
      stage,
      figure: 'publish → durable PUBACK p50',
      value: s.ack.p50,
      unit: 'ms',
      note: `p95 ${s.ack.p95.toFixed(1)}, p99 ${s.ack.p99.toFixed(1)} ms`,
    },
    {
      stage,
      figure: 'publish → stored+queryable p50',
      value: s.stored.p50,
      unit: 'ms',
      note: `p99 ${s.stored.p99.toFixed(1)} ms, ${s.stored.n} probes; ${s.storedNote}`,
    },
    {
      stage,
      figure: 'server CPU / RSS (sustained)',
      value: s.usage.cpuPercent,
      unit: '% core',
      note: `RSS ${s.usage.avgRssMb.toFixed(0)} MB avg, ${s.usage.peakRssMb.toFixed(0)} MB peak`,
    },
    {
      stage,
      figure: 'gateway-batched',
      value: r.batched.readingsPerSec,
      unit: 'readings/s',
      note: `${o.gatewayBatch} readings/message, ${o.connections} gateways; CPU ${r.batched.usage.cpuPercent.toFixed(0)} %`,
    },
    {
      stage,
      figure: 'half load: PUBACK p99',
      value: r.half.ack.p99,
      unit: 'ms',
      note: `${r.half.readingsPerSec.toFixed(0)} readings/s offered steadily`,
    },
    {
      stage,
      figure: 'half load: publish → live console p99',
      value: r.half.live.n ? r.half.live.p99 : null,
      unit: 'ms',
      note: `p50 ${r.half.live.p50.toFixed(0)} ms, ${r.half.live.n} probes (socket.io, ${250} ms coalescing)`,
    },
    {
      stage,
      figure: 'half load: publish → alert p99',
      value: r.half.alert?.p99 ?? null,
      unit: 'ms',
      note: r.half.alertNote,
    },
    {
      stage,
      figure: 'overload: delivered',
      value: ov.readingsPerSec,
      unit: 'readings/s',
      note: `${ov.offeredRate.toFixed(0)}/s offered for ${(o.overloadMs / 1000).toFixed(0)} s; ${ov.heldBack} offers held back by full publisher windows`,
    },
    {
      stage,
      figure: 'overload: peak RSS',
      value: ov.usage.peakRssMb,
      unit: 'MB',
      note: `CPU ${ov.usage.cpuPercent.toFixed(0)} % of a core`,
    },
    {
      stage,
      figure: 'overload: PUBACK p99, first → last interval',
      value: lastFull?.ackP99 ?? null,
      unit: 'ms',
      note: `from ${first?.ackP99.toFixed(0) ?? '?'} ms; p50 ${first?.ackP50.toFixed(0) ?? '?'} → ${lastFull?.ackP50.toFixed(0) ?? '?'} ms`,
    },
    {
      stage,
      figure: 'rejected by the server',
      value: Object.values(r.counters.rejected ?? {}).reduce((a, b) => a + b, 0),
      unit: 'readings',
      note: `must be 0 (the bench sends valid readings only): ${JSON.stringify(r.counters.rejected ?? {})}`,
    },
    {
      stage,
      figure: 'acknowledged but lost',
      value: r.lost,
      unit: 'readings',
      note: `${Object.values(r.acknowledged).reduce((a, b) => a + b, 0)} acknowledged in all stages, counted in the store after shutdown`,
    },
  ];
}
