import mqtt from 'mqtt';
import type { BenchOptions } from '../options.js';
import { startLoad } from '../lib/load.js';
import { Latencies, nowMs, type LatencySummary } from '../lib/stats.js';
import { sleep } from '../lib/procs.js';

export interface PassthroughResult {
  /** messages/s delivered to the subscriber in the steady part */
  rate: number;
  /** publish → subscriber receipt */
  latency: LatencySummary;
  sent: number;
  received: number;
  /** sent but never delivered (QoS 0 may drop; QoS 1 should not) */
  lostPct: number;
}

/**
 * Publisher → broker → subscriber with no processing: the ceiling any MQTT pipeline on this machine sits under.
 * Each publisher keeps at most `window` messages in flight end to end (sent, not yet at the subscriber).
 */
export async function passthrough(url: string, qos: 0 | 1, o: BenchOptions): Promise<PassthroughResult> {
  const sub = await mqtt.connectAsync(url, { clientId: `bench-sub-${Date.now()}`, protocolVersion: 4, clean: true });
  const arrivals: number[] = [];
  const delivered = new SharedArrayBuffer(4);
  const deliveredCount = new Int32Array(delivered);
  const lat: number[] = [];
  sub.on('message', (_t, payload) => {
    const at = nowMs();
    // payload starts {"sent":<ms>, ...}
    const sent = Number(payload.toString('latin1', 8, payload.indexOf(44)));
    arrivals.push(at);
    Atomics.add(deliveredCount, 0, 1);
    lat.push(at - sent);
  });
  await sub.subscribeAsync('bench/#', { qos });
  const load = startLoad({
    url,
    qos,
    kind: 'raw',
    plantId: 'bench',
    targets: Array.from({ length: o.connections }, (_, i) => ({ id: `c${i}`, devices: [`c${i}`] })),
    batch: 1,
    window: o.window,
    durationMs: o.stageMs,
    warmupMs: o.warmupMs,
    drainMs: 5000,
    tsBase: Date.now(),
    bucketMs: 500,
    delivered,
  });
  try {
    await load.ready;
    const r = await load.go();
    // let the subscriber catch up with what the broker still holds for it
    let last = -1;
    while (arrivals.length < r.sent && arrivals.length !== last) {
      last = arrivals.length;
      await sleep(300);
    }
    const steady = new Latencies();
    let n = 0;
    for (let i = 0; i < arrivals.length; i++) {
      if (arrivals[i] < r.steadyFrom || arrivals[i] >= r.steadyTo) continue;
      n++;
      steady.add(lat[i]);
    }
    const seconds = (r.steadyTo - r.steadyFrom) / 1000;
    return {
      rate: n / seconds,
      latency: steady.summary(),
      sent: r.sent,
      received: arrivals.length,
      lostPct: r.sent ? (100 * Math.max(0, r.sent - arrivals.length)) / r.sent : 0,
    };
  } finally {
    await load.terminate();
    await sub.endAsync(true);
  }
}
