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
  return (
    `| ${fmtTime(s.atSec)} | ${n0(s.rssMb)} | ${n0(s.heapUsedMb)} | ${n0(s.heapTotalMb)} | ${n0(s.externalMb)} | ` +
    `${n0(s.ackedPerSec)} | ${n0(s.writtenPerSec)} | ${n0(s.spoolPending)} | ${Number.isFinite(s.healthMs) ? s.healthMs.toFixed(0) : 'n/a'} | ` +
    `${n0(s.heldBack)} | ${s.load1.toFixed(1)} |`
  );
}

/** samples in a stretch of the run: their mean resident memory and heap, and the highest resident memory */
interface Window {
  from: number;
  to: number;
  rssMb: number;
  peakRssMb: number;
  heapMb: number;
}

export interface Growth {
  /** the two windows compared, seconds since the load started */
  base: Window;
  end: Window;
  rssPct: number;
  heapPct: number;
  /** the highest sample after the baseline */
  peakRssMb: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Growth from the baseline to the end: the mean of the samples in a window starting at the baseline against the
 * mean of the samples in the run's last window of the same length (`windowMs`, at most a third of what follows the
 * baseline). Means, not single samples: with the young generation `npm start` gives the server (64 MiB
 * semi-spaces) the heap V8 keeps breathes by a couple of hundred MB over minutes, while memory that follows readings
 * grows steadily through both windows; each window's highest sample is printed too.
 */
export function growth(samples: readonly Sample[], baselineMs: number, windowMs = 600_000): Growth | undefined {
  const after = samples.filter((s) => s.atSec * 1000 >= baselineMs - 1000);
  if (after.length < 2) return undefined;
  const last = after[after.length - 1].atSec;
  const w = Math.min(windowMs / 1000, (last - after[0].atSec) / 3);
  const base = after.filter((s) => s.atSec < after[0].atSec + w);
  const end = after.filter((s) => s.atSec > last - w);
  if (!base.length || !end.length) return undefined;
  const win = (xs: Sample[]): Window => ({
    from: xs[0].atSec,
    to: xs[xs.length - 1].atSec,
    rssMb: mean(xs.map((s) => s.rssMb)),
    peakRssMb: Math.max(...xs.map((s) => s.rssMb)),
    heapMb: mean(xs.map((s) => s.heapUsedMb)),
  });
  const b = win(base);
  const e = win(end);
  return {
    base: b,
    end: e,
    rssPct: (100 * (e.rssMb - b.rssMb)) / b.rssMb,
    heapPct: (100 * (e.heapMb - b.heapMb)) / b.heapMb,
    peakRssMb: Math.max(...after.map((s) => s.rssMb)),
  };
}

export const fmtTime = (sec: number): string =>
  `${Math.floor(sec / 60)}:${String(Math.round(sec % 60)).padStart(2, '0')}`;
const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;

export function renderGrowth(g: Growth | undefined): string {
  if (!g) return 'Memory growth: not enough samples (the run ended before the baseline).';
  const win = (w: Window) =>
    `${fmtTime(w.from)}-${fmtTime(w.to)}: ${w.rssMb.toFixed(0)} MB (highest ${w.peakRssMb.toFixed(0)})`;
  return (
    `Resident memory, mean of the samples ${win(g.base)}; of ${win(g.end)}: ${signed(g.rssPct)} % ` +
    `(target < 5 %: ${g.rssPct < 5 ? 'met' : 'NOT met'}); ` +
    `highest sample after the baseline ${g.peakRssMb.toFixed(0)} MB. V8 heap used, the same windows: ` +
    `${g.base.heapMb.toFixed(0)} → ${g.end.heapMb.toFixed(0)} MB (${signed(g.heapPct)} %).`
  );
}

const num = (cell: string) => (cell === 'n/a' ? NaN : Number(cell.replace(/,/g, '')));

/** the sample rows of a printed report (to recompute its summary: `--summarize`) */
export function parseSampleRows(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^\| (\d+):(\d\d) \|(.*)\|$/.exec(line.trim());
    if (!m) continue;
    const c = m[3].split('|').map((x) => x.trim());
    out.push({
      atSec: Number(m[1]) * 60 + Number(m[2]),
      rssMb: num(c[0]),
      heapUsedMb: num(c[1]),
      heapTotalMb: num(c[2]),
      externalMb: num(c[3]),
      ackedPerSec: num(c[4]),
      writtenPerSec: num(c[5]),
      spoolPending: num(c[6]),
      healthMs: num(c[7]),
      heldBack: num(c[8]),
      load1: num(c[9]),
    });
  }
  return out;
}
