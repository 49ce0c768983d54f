import type { MqttClient } from 'mqtt';
import { topics } from '#contracts';
import { SimDevice } from '../device.js';
import type { Credentials, SimFleet } from '../fleet/fleet-file.js';
import { connectMqtt, publishTimed } from '../mqtt/connect.js';
import { Histogram } from './histogram.js';
import { planLoad } from './plan.js';

export interface LoadOptions {
  brokerUrl: string;
  fleet: SimFleet;
  devices: number;
  mode: 'gateway' | 'direct';
  connections?: number;
  /** readings per device per second */
  rate: number;
  qos: 0 | 1;
  rampMs: number;
  durationMs: number;
  /** most readings in one gateway message */
  batch: number;
  tickMs: number;
  seed: number;
  runId: string;
  credentials?: Credentials;
  /**
   * most unacknowledged messages per connection (default 8). A reading due while its connection is at the
   * limit is skipped and counted, as a gateway with a full buffer would: the run stays open-loop without letting
   * memory grow without bound when the platform cannot keep up.
   */
  maxInflight?: number;
  /** how long to wait for outstanding acknowledgements at the end */
  drainMs?: number;
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
}

export interface LoadProgress {
  elapsedMs: number;
  activeDevices: number;
  sentReadings: number;
  ackedReadings: number;
  /** readings acknowledged per second over the last interval */
  rate: number;
  inflightMessages: number;
  /** readings skipped because their connection had `maxInflight` messages unacknowledged */
  skippedReadings: number;
  /** how far the generator is behind its schedule, ms */
  behindMs: number;
  latency: { p50: number; p95: number; p99: number };
}

export interface LoadSummary {
  runId: string;
  mode: 'gateway' | 'direct';
  qos: 0 | 1;
  devices: number;
  connections: number;
  targetRate: number;
  durationMs: number;
  rampMs: number;
  sent: { readings: number; messages: number };
  acked: { readings: number; messages: number };
  errors: number;
  /** readings not sent because the platform had not acknowledged enough (see maxInflight) */
  skipped: number;
  maxInflight: number;
  /** readings acknowledged per second after the ramp (steady state) */
  steadyRate: number;
  /** readings sent per second after the ramp */
  steadySendRate: number;
  latencyMs: { count: number; p50: number; p95: number; p99: number; max: number };
  maxBehindMs: number;
  unackedAtEnd: number;
  cpuSeconds: { user: number; system: number };
  maxRssMb: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Load mode: N devices over M connections at a target rate, with a linear ramp. Each device gets a phase slot
 * within the reading period, so readings are spread evenly across ticks; each tick's readings are grouped per
 * connection into gateway batches (≤ `batch` readings) or sent one per device topic. Latency is publish→PUBACK.
 */
export async function runLoad(o: LoadOptions): Promise<LoadSummary> {
  const { specs, conns } = planLoad(o.fleet, o);
  const devices = specs.map((d) => new SimDevice(d, o.seed, o.runId, o.fleet));
  const clients: MqttClient[] = await Promise.all(
    conns.map((c) => connectMqtt(o.brokerUrl, { clientId: c.clientId, credentials: c.credentials })),
  );
  const connOf = new Int32Array(devices.length);
  conns.forEach((c, k) => c.devices.forEach((i) => (connOf[i] = k)));
  const periodMs = 1000 / o.rate;
  const slots = Math.max(1, Math.round(periodMs / o.tickMs));
  const tickMs = periodMs / slots;
  const total = new Histogram();
  const interval = new Histogram();
  const s = { sentR: 0, sentM: 0, ackR: 0, ackM: 0, errors: 0, inflight: 0, skipped: 0, behind: 0, maxBehind: 0 };
  const maxInflight = o.maxInflight ?? 8;
  const inflightOf = new Int32Array(conns.length);
  let steadyStart: { t: number; ack: number; sent: number } | undefined;
  let maxRss = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();

  const publish = (k: number, topic: string, body: string, readings: number) => {
    s.sentR += readings;
    s.sentM++;
    s.inflight++;
    inflightOf[k]++;
    publishTimed(clients[k], topic, body, o.qos).then(
      (ms) => {
        s.inflight--;
        inflightOf[k]--;
        s.ackR += readings;
        s.ackM++;
        total.record(ms);
        interval.record(ms);
      },
      () => {
        s.inflight--;
        inflightOf[k]--;
        s.errors++;
      },
    );
  };

  let lastReport = { t: t0, ack: 0 };
  const report = () => {
    const now = performance.now();
    maxRss = Math.max(maxRss, process.memoryUsage.rss());
    o.onProgress?.({
      elapsedMs: now - t0,
      activeDevices: active(now),
      sentReadings: s.sentR,
      ackedReadings: s.ackR,
      rate: ((s.ackR - lastReport.ack) * 1000) / Math.max(1, now - lastReport.t),
      inflightMessages: s.inflight,
      skippedReadings: s.skipped,
      behindMs: s.behind,
      latency: { p50: interval.percentile(50), p95: interval.percentile(95), p99: interval.percentile(99) },
    });
    interval.reset();
    lastReport = { t: now, ack: s.ackR };
  };
  const active = (now: number) =>
    o.rampMs > 0 ? Math.min(devices.length, Math.floor((devices.length * (now - t0)) / o.rampMs)) : devices.length;
  const progressTimer = setInterval(report, 1000);

  const batches: string[][] = conns.map(() => []);
  try {
    for (let tick = 0; ; tick++) {
      const due = t0 + tick * tickMs;
      if (due - t0 >= o.durationMs || o.signal?.aborted) break;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      else await new Promise((r) => setImmediate(r)); // let acknowledgements in
      s.behind = Math.max(0, performance.now() - due);
      s.maxBehind = Math.max(s.maxBehind, s.behind);
      if (!steadyStart && due - t0 >= o.rampMs) steadyStart = { t: performance.now(), ack: s.ackR, sent: s.sentR };
      const ts = Date.now();
      const n = active(due);
      for (let i = tick % slots; i < n; i += slots) {
        const k = connOf[i];
        if (inflightOf[k] >= maxInflight) {
          s.skipped++;
          continue;
        }
        const p = devices[i].reading(ts);
        if (!p) continue;
        const conn = conns[k];
        if (!conn.gatewayTopic) {
          publish(k, topics.deviceTelemetry(devices[i].spec.plantId, devices[i].spec.id), JSON.stringify(p), 1);
          continue;
        }
        const { v: _v, ...rest } = p;
        const b = batches[k];
        b.push(JSON.stringify({ device: devices[i].spec.id, ...rest }));
        if (b.length >= o.batch) flush(k);
      }
      for (let k = 0; k < conns.length; k++) if (batches[k].length) flush(k);
    }
    const steadyEnd = { t: performance.now(), ack: s.ackR, sent: s.sentR };
    const drainUntil = performance.now() + (o.drainMs ?? 10_000);
    while (s.inflight > 0 && performance.now() < drainUntil) await sleep(20);
    const finalAck = s.ackR;
    const st = steadyStart ?? { t: t0, ack: 0, sent: 0 };
    const secs = Math.max(0.001, (steadyEnd.t - st.t) / 1000);
    const cpu = process.cpuUsage(cpu0);
    report();
    return {
      runId: o.runId,
      mode: o.mode,
      qos: o.qos,
      devices: devices.length,
      connections: conns.length,
      targetRate: devices.length * o.rate,
      durationMs: Math.round(steadyEnd.t - t0),
      rampMs: o.rampMs,
      sent: { readings: s.sentR, messages: s.sentM },
      acked: { readings: finalAck, messages: s.ackM },
      errors: s.errors,
      skipped: s.skipped,
      maxInflight,
      steadyRate: Math.round((steadyEnd.ack - st.ack) / secs),
      steadySendRate: Math.round((steadyEnd.sent - st.sent) / secs),
      latencyMs: total.summary(),
      maxBehindMs: Math.round(s.maxBehind),
      unackedAtEnd: s.inflight,
      cpuSeconds: { user: cpu.user / 1e6, system: cpu.system / 1e6 },
      maxRssMb: Math.round(maxRss / 1e6),
    };
  } finally {
    clearInterval(progressTimer);
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  }

  function flush(k: number): void {
    const b = batches[k];
    publish(k, conns[k].gatewayTopic!, `{"v":1,"readings":[${b.join(',')}]}`, b.length);
    batches[k] = [];
  }
}

/** The live progress line. */
export function formatProgress(p: LoadProgress): string {
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const ms = (v: number) => `${v.toFixed(1)}ms`;
  return (
    `[${(p.elapsedMs / 1000).toFixed(0).padStart(4)}s] devices ${n(p.activeDevices)}  sent ${n(p.sentReadings)}` +
    `  acked ${n(p.ackedReadings)}  rate ${n(p.rate)}/s  inflight ${n(p.inflightMessages)}` +
    (p.skippedReadings ? `  skipped ${n(p.skippedReadings)}` : '') +
    `  p50 ${ms(p.latency.p50)} p95 ${ms(p.latency.p95)} p99 ${ms(p.latency.p99)}` +
    (p.behindMs > 100 ? `  behind ${n(p.behindMs)}ms` : '')
  );
}
