import type { BenchOptions } from '../options.js';
import { describeSched } from '../lib/schedstat.js';
import type { Row } from '../report.js';
import type { QinwattResults } from './qinwatt.js';

/** The table rows of the qinwatt stage. */
export function rowsOf(r: QinwattResults, o: BenchOptions): Row[] {
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
      figure: 'maximum, 1 reading/message',
      value: s.readingsPerSec,
      unit: 'readings/s',
      note: `QoS 1, ${o.connections} meters × ${o.qinwattWindow} in flight: the server saturated; ${both(s)}`,
    },
    {
      stage,
      figure: 'at maximum: publish → durable PUBACK p50',
      value: s.ack.p50,
      unit: 'ms',
      note: `p95 ${s.ack.p95.toFixed(1)}, p99 ${s.ack.p99.toFixed(1)} ms`,
    },
    {
      stage,
      figure: 'at maximum: publish → stored+queryable p50',
      value: s.stored.p50,
      unit: 'ms',
      note: `p99 ${s.stored.p99.toFixed(1)} ms, ${s.stored.n} probes; ${s.storedNote}`,
    },
    {
      stage,
      figure: 'at maximum: server CPU',
      value: s.usage.cpuPercent,
      unit: '% core',
      note: `RSS ${s.usage.avgRssMb.toFixed(0)} MB avg, ${s.usage.peakRssMb.toFixed(0)} MB peak`,
    },
    {
      stage,
      figure: 'gateway-batched',
      value: r.batched.readingsPerSec,
      unit: 'readings/s',
      note: `${o.gatewayBatch} readings/message, ${o.connections} gateways × ${o.window} in flight; ${both(r.batched)}; CPU: qinwatt ${r.batched.usage.cpuPercent.toFixed(0)} %, the whole machine ${r.batched.usage.machine.busyPercent.toFixed(0)} % of ${r.batched.usage.machine.cores * 100} %; backlog after it stored in ${r.settledSec[1]?.toFixed(1) ?? '?'} s`,
    },
    waitRow(stage, 'gateway-batched', r.batched.waits),
    {
      stage,
      figure: 'half load: PUBACK p99',
      value: r.half.ack.p99,
      unit: 'ms',
      note: `${r.half.readingsPerSec.toFixed(0)} readings/s offered steadily; p50 ${r.half.ack.p50.toFixed(1)} ms`,
    },
    {
      stage,
      figure: 'half load: publish → stored+queryable p99',
      value: r.half.stored.n ? r.half.stored.p99 : null,
      unit: 'ms',
      note: `p50 ${r.half.stored.p50.toFixed(1)} ms, ${r.half.stored.n} probes; ${s.storedNote}`,
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
      figure: 'half load: server event-loop delay p99',
      value: r.half.loop?.lagP99Ms ?? null,
      unit: 'ms',
      note: r.half.loop
        ? `max ${r.half.loop.lagMaxMs.toFixed(0)} ms; GC ${r.half.loop.gcPercent.toFixed(0)} % of wall time (from /metrics)`
        : 'no /metrics in this build',
    },
    waitRow(stage, 'half load', r.half.waits),
    {
      stage,
      figure: 'overload: delivered',
      value: ov.readingsPerSec,
      unit: 'readings/s',
      note: `${ov.offeredRate.toFixed(0)}/s offered for ${(o.overloadMs / 1000).toFixed(0)} s; ${ov.heldBack} offers held back by full publisher windows`,
    },
    {
      stage,
      figure: 'maximum sustained (better of the two)',
      value: Math.max(s.readingsPerSec, ov.readingsPerSec),
      unit: 'readings/s',
      note: 'the closed-loop stage or the whole overload stage, whichever delivered more; the ratios use this',
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
      figure: 'overload: backlog in the store after',
      value: ov.backlogSec,
      unit: 's',
      note: 'until every acknowledged reading was readable in the store',
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
      note: `${Object.values(r.acknowledged).reduce((a, b) => a + b, 0)} acknowledged in all stages, counted in the store at the end`,
    },
  ];
}

/** the lesser of the two is the figure */
function both(t: { ackedPerSec: number; storedPerSec: number }): string {
  const stored = Number.isFinite(t.storedPerSec)
    ? `${t.storedPerSec.toFixed(0)}/s`
    : 'not sampled (the server did not answer /metrics during the stage)';
  return `acknowledged ${t.ackedPerSec.toFixed(0)}/s, stored ${stored}`;
}

/**
 * How long the server's event loop was runnable but not running over a stage: the part of its delay and of the
 * PUBACK latency that is the machine's (other processes on the cores), not the server's own work.
 */
function waitRow(stage: string, when: string, w: QinwattResults['half']['waits']): Row {
  return {
    stage,
    figure: `${when}: server event loop waiting for a CPU`,
    value: w ? w.main.waitedMsPerSec : null,
    unit: 'ms/s',
    note: w
      ? `main thread ${describeSched(w.main)}; all its threads waited ${w.all.waitedMsPerSec.toFixed(0)} ms/s (Linux schedstat)`
      : 'no /proc/<pid>/task/<tid>/schedstat on this machine',
  };
}
