/** One memory sample of the server during the soak. */
export interface Sample {
  /** seconds since the load started */
  atSec: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** readings acknowledged per second since the previous sample */
  ackedPerSec: number;
  /** readings written to the store per second since the previous sample (the server's counter) */
  writtenPerSec: number;
  spoolPending: number;
  /** time /health took to answer */
  healthMs: number;
  /** offers held back so far because a gateway's window was full (the server fell behind) */
  heldBack: number;
  load1: number;
}

export const SAMPLE_HEADER = [
  '| time | RSS MB | heap used MB | heap total MB | external MB | acked/s | stored/s | spool pending | /health ms | held back | load 1m |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
].join('\n');

const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');

export function renderSample(s: Sample): string {
  const t = `${Math.floor(s.atSec / 60)}:${String(Math.round(s.atSec % 60)).padStart(2, '0')}`;
  return (
    `| ${t} | ${n0(s.rssMb)} | ${n0(s.heapUsedMb)} | ${n0(s.heapTotalMb)} | ${n0(s.externalMb)} | ` +
    `${n0(s.ackedPerSec)} | ${n0(s.writtenPerSec)} | ${n0(s.spoolPending)} | ${Number.isFinite(s.healthMs) ? s.healthMs.toFixed(0) : 'n/a'} | ` +
    `${n0(s.heldBack)} | ${s.load1.toFixed(1)} |`
  );
}

export interface Growth {
  baseAtSec: number;
  endAtSec: number;
  baseRssMb: number;
  endRssMb: number;
  peakRssMb: number;
  rssPct: number;
  baseHeapMb: number;
  endHeapMb: number;
  heapPct: number;
}

/**
 * Growth from the sample nearest the baseline to the last sample. Single samples, not averages: a run whose memory
 * follows readings grows steadily, and a sawtooth (GC) shows in the peak after the baseline, printed beside it.
 */
export function growth(samples: readonly Sample[], baselineMs: number): Growth | undefined {
  const after = samples.filter((s) => s.atSec * 1000 >= baselineMs - 1000);
  if (after.length < 2) return undefined;
  const base = after[0];
  const end = after[after.length - 1];
  return {
    baseAtSec: base.atSec,
    endAtSec: end.atSec,
    baseRssMb: base.rssMb,
    endRssMb: end.rssMb,
    peakRssMb: Math.max(...after.map((s) => s.rssMb)),
    rssPct: (100 * (end.rssMb - base.rssMb)) / base.rssMb,
    baseHeapMb: base.heapUsedMb,
    endHeapMb: end.heapUsedMb,
    heapPct: (100 * (end.heapUsedMb - base.heapUsedMb)) / base.heapUsedMb,
  };
}
