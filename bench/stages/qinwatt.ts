import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { SOCKET_PATH, type Reading } from '#contracts';
import type { BenchOptions } from '../options.js';
import type { Influx } from '../lib/influx.js';
import { startLoad, type LoadResult, type LoadSpec } from '../lib/load.js';
import { startProbes } from '../lib/probe.js';
import { GAP_MS, startAlertProbes } from '../lib/alert-probe.js';
import { loopWatch, writtenWatch, type LoopStats } from '../lib/server-metrics.js';
import {
  MachineMonitor,
  ProcMonitor,
  SchedMonitor,
  sleep,
  type MachineUsage,
  type ProcUsage,
  type SchedSpan,
} from '../lib/procs.js';
import { benchCredentials, writeBenchFleet } from '../lib/server.js';
import { startQinwattWithStore } from '../lib/qinwatt-store.js';
import { Latencies, nowMs, type LatencySummary } from '../lib/stats.js';
import type { Row } from '../report.js';
import { rowsOf } from './qinwatt-rows.js';
import { apiFetch, tokenFor } from '../lib/api.js';

const PLANT = 'bench';

export interface QinwattResults {
  rows: Row[];
  store: string;
  storeNote: string;
  loadGenerator: string;
  sustained: LoadResult & Throughput & { usage: ProcUsage; stored: LatencySummary; storedNote: string };
  batched: LoadResult & Throughput & { usage: ProcUsage & { machine: MachineUsage }; waits?: SchedSpan };
  half: LoadResult & {
    loop?: LoopStats;
    waits?: SchedSpan;
    stored: LatencySummary;
    live: LatencySummary;
    alert: LatencySummary | null;
    alertNote: string;
  };
  /** backlogSec: after the overload, how long until every acknowledged reading was in the store */
  overload: LoadResult & { usage: ProcUsage; offeredRate: number; backlogSec: number };
  acknowledged: Record<string, number>;
  stored: Record<string, number>;
  lost: number;
  /** the server's own ingest counters at the end (rejections must be none: the bench sends only valid readings) */
  counters: Counters;
  /** seconds the gateway, half-load and overload stages waited for the previous backlog to be stored */
  settledSec: number[];
}

/**
 * A closed-loop stage's rate where it counts: `readingsPerSec` is the lesser of the readings acknowledged and the
 * readings written to the store per second over the steady part (a store that falls behind only shows as a growing
 * spool, so acknowledgements alone would overstate what the server sustains).
 */
interface Throughput {
  ackedPerSec: number;
  storedPerSec: number;
}

function throughput(load: LoadResult, storedPerSec: number): LoadResult & Throughput {
  const ackedPerSec = load.readingsPerSec;
  // not sampled (see WrittenSamples.rate): the acknowledged rate stands, and the note says so
  const readingsPerSec = Number.isFinite(storedPerSec) ? Math.min(ackedPerSec, storedPerSec) : ackedPerSec;
  return { ...load, ackedPerSec, storedPerSec, readingsPerSec };
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
  const alertProbes = o.smoke ? 4 : 30;
  const fleetFile = writeBenchFleet(dir, PLANT, [
    { prefix: 's', devices: n },
    { prefix: 'g', devices: o.gatewayBatch, gateways: n },
    { prefix: 'h', devices: n },
    { prefix: 'o', devices: n },
    { prefix: 'probe', devices: 1 },
    { prefix: 'alert', devices: alertProbes },
  ]);
  const env = { QW_FLEET_FILE: fleetFile, QW_DATA_DIR: join(dir, 'data') };
  const profile = o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
  const { server, view } = await startQinwattWithStore(env, influx, db, profile);
  log(`qinwatt up (store: ${view.name}; ${view.note})`);
  const isStored = (ts: number) => view.isStored('probe0', ts);
  /** one probe device publishing every `gapMs`, polled until each reading is readable (publish → stored) */
  const storedProbes = (gapMs: number) =>
    startProbes({
      url: server.mqttUrl,
      plantId: PLANT,
      deviceId: 'probe0',
      ...benchCredentials(PLANT, 'probe0'),
      tsBase: Date.now(),
      isStored,
      gapMs,
      pollMs: 10,
      timeoutMs: 30_000,
    });
  const startedAt = Date.now();
  const ids = (prefix: string, count = n) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  const groups: Record<string, string[]> = {
    s: ids('s'),
    g: ids('g').flatMap((gw) => Array.from({ length: o.gatewayBatch }, (_, i) => `${gw}-${i}`)),
    h: ids('h'),
    o: ids('o'),
  };
  const targets = (prefix: string) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}${i}`,
      devices: [`${prefix}${i}`],
      ...benchCredentials(PLANT, `${prefix}${i}`),
    }));
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
  /** seconds each stage waited for the previous one's backlog to reach the store */
  const settled: number[] = [];
  try {
    // 1. the most it sustains with one reading per message: closed loop, each meter keeps a deep window in flight
    //    (20 connections stand in for many meters with one or two messages in flight each)
    let usage = new ProcMonitor(server.service.pid);
    const probes = await storedProbes(o.smoke ? 50 : 100);
    let written = writtenWatch(server.httpUrl);
    const sustainedLoad = await runLoad({
      ...base,
      kind: 'device',
      targets: targets('s'),
      window: o.qinwattWindow,
      tsBase: Date.now(),
    });
    const sustained = throughput(
      sustainedLoad,
      (await written.stop()).rate(sustainedLoad.steadyFrom, sustainedLoad.steadyTo),
    );
    const storedProbe = (await probes.stop()).latency.summary();
    const sustainedUsage = usage.stop();
    acknowledged.s = sustained.readingsAcked;
    log(`sustained ${sustained.readingsPerSec.toFixed(0)} readings/s`);

    // 2. gateway batches: each gateway message carries `gatewayBatch` readings for its own meters
    settled.push(await settle(server.httpUrl));
    usage = new ProcMonitor(server.service.pid);
    const machine = new MachineMonitor();
    const gw = Array.from({ length: n }, (_, k) => ({
      id: `g${k}`,
      ...benchCredentials(PLANT, `g${k}`),
      devices: Array.from({ length: o.gatewayBatch }, (_, i) => `g${k}-${i}`),
    }));
    written = writtenWatch(server.httpUrl);
    const batchedWaits = new SchedMonitor(server.service.pid);
    const batchedLoad = await runLoad({
      ...base,
      kind: 'gateway',
      targets: gw,
      batch: o.gatewayBatch,
      tsBase: Date.now(),
    });
    const batched = throughput(batchedLoad, (await written.stop()).rate(batchedLoad.steadyFrom, batchedLoad.steadyTo));
    const batchedUsage = { ...usage.stop(), machine: machine.stop() };
    const batchedWaited = batchedWaits.stop();
    acknowledged.g = batched.readingsAcked;
    log(`gateway-batched ${batched.readingsPerSec.toFixed(0)} readings/s`);

    // 3. half the maximum, offered at a steady rate: latency to the live console (and to an alert when detection runs)
    settled.push(await settle(server.httpUrl));
    const maxRate = sustained.readingsPerSec; // one reading per message: readings/s = messages/s
    const live = new Latencies();
    const socket = io(server.httpUrl, {
      path: SOCKET_PATH,
      transports: ['websocket'],
      auth: { token: tokenFor(server.httpUrl) },
    });
    await new Promise<void>(
      (resolve, reject) => (socket.once('connect', () => resolve()), socket.once('connect_error', reject)),
    );
    const liveProbes = await storedProbes(o.smoke ? 100 : 300);
    socket.on('readings', (rs: Reading[]) => {
      const at = nowMs();
      for (const r of rs)
        if (r.deviceId === 'probe0' && r.seq !== undefined && liveProbes.sentAt.has(r.seq))
          live.add(at - liveProbes.sentAt.get(r.seq)!);
    });
    // detection raises alerts only when the build has it (GET /api/alerts answers)
    const detection = (await apiFetch(`${server.httpUrl}/api/alerts`)).status !== 404;
    const alerts = detection
      ? await startAlertProbes({
          url: server.mqttUrl,
          plantId: PLANT,
          devices: ids('alert')
            .slice(0, alertProbes)
            .map((id) => ({ id, ...benchCredentials(PLANT, id) })),
          socket,
          gapMs: GAP_MS,
          everyMs: Math.max(100, o.stageMs / alertProbes),
          timeoutMs: 10_000,
        })
      : undefined;
    const halfLoop = await loopWatch(server.httpUrl);
    const halfWaits = new SchedMonitor(server.service.pid);
    const half = await runLoad({
      ...base,
      kind: 'device',
      targets: targets('h'),
      rate: Math.max(1, maxRate / 2),
      window: 1000,
      tsBase: Date.now(),
    });
    const halfWaited = halfWaits.stop();
    const halfStats = await halfLoop.stop();
    const halfStored = (await liveProbes.stop()).latency.summary();
    const alerted = await alerts?.stop();
    socket.close();
    acknowledged.h = half.readingsAcked;

    // 4. overload: twice the sustainable rate, publishers allowed a deep window so the server sees the pressure
    settled.push(await settle(server.httpUrl));
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
      tsBase: Date.now(),
    });
    const overloadUsage = usage.stop();
    acknowledged.o = overload.readingsAcked;
    log(`overload delivered ${overload.readingsPerSec.toFixed(0)} readings/s of ${offeredRate.toFixed(0)} offered`);

    // what was acknowledged but is still on its way to the store (a spool, a write batch) gets time to land
    const drainStart = Date.now();
    const count = () => view.count(groups, startedAt);
    let stored = await count();
    for (let last = Date.now(); Date.now() - last < 5000 && Date.now() - drainStart < 120_000;) {
      if (Object.keys(acknowledged).every((k) => (stored[k] ?? 0) >= acknowledged[k])) break;
      await sleep(250);
      const next = await count();
      if (JSON.stringify(next) !== JSON.stringify(stored)) last = Date.now();
      stored = next;
    }
    const backlogSec = (Date.now() - drainStart) / 1000;
    const health = (await (await apiFetch(`${server.httpUrl}/health`)).json()) as { counters?: Counters };
    stored = await count();
    await server.stop();
    let lost = 0;
    for (const k of Object.keys(acknowledged)) lost += Math.max(0, acknowledged[k] - (stored[k] ?? 0));

    const results: QinwattResults = {
      rows: [],
      store: view.name,
      storeNote: view.note,
      loadGenerator: 'bench load generator (mqtt.js, one connection per meter or gateway)',
      sustained: {
        ...sustained,
        usage: sustainedUsage,
        stored: storedProbe,
        storedNote: 'polled through GET /api/history',
      },
      batched: { ...batched, usage: batchedUsage, waits: batchedWaited },
      half: {
        ...half,
        stored: halfStored,
        loop: halfStats,
        waits: halfWaited,
        live: live.summary(),
        alert: alerted ? alerted.latency.summary() : null,
        alertNote: alerted
          ? `data-gap alert, ${alerted.latency.count} probes, ${alerted.missed} without an alert in 10 s`
          : 'detection not in this build',
      },
      overload: { ...overload, usage: overloadUsage, offeredRate, backlogSec },
      acknowledged,
      stored,
      lost,
      counters: health.counters ?? {},
      settledSec: settled,
    };
    results.rows = rowsOf(results, o);
    return results;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until the server's spool has nothing left for the store (`spoolPending` in /health), so a stage starts on
 * an idle server instead of measuring the previous stage's backlog. Returns the seconds waited.
 */
async function settle(httpUrl: string): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < 120_000) {
    const h = (await (await apiFetch(`${httpUrl}/health`)).json()) as { counters?: { spoolPending?: number } };
    if (!h.counters?.spoolPending) break;
    await sleep(200);
  }
  return (Date.now() - t0) / 1000;
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
