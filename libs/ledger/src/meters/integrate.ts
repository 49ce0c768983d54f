import type { Span } from './spread.js';
import { spread, type Accumulator } from './spread.js';
import type { MeterProblem, MeterResult } from './figures.js';
import { clean } from './registers.js';

export interface RateReading {
  /** epoch ms */
  t: number;
  /** a rate per hour: kW, Nm³/h, t/h */
  value: number;
}

const HOUR_MS = 3_600_000;

/**
 * Quantity per period integrated from rates by the trapezoidal rule (rate per hour × hours). Two readings further
 * apart than `maxIntervalMs` are not bridged: nothing is added for that gap, and it counts as missing in the
 * periods' completeness.
 */
export function energyFromRates(
  readings: readonly RateReading[],
  periods: readonly Span[],
  opts: { maxIntervalMs: number },
): MeterResult {
  const problems: MeterProblem[] = [];
  const rs = clean(readings, problems);
  const acc: Accumulator[] = periods.map(() => ({ value: 0, coveredMs: 0, estimated: 0 }));
  let from = 0;
  for (let k = 1; k < rs.length; k++) {
    const a = rs[k - 1]!;
    const b = rs[k]!;
    if (b.t - a.t > opts.maxIntervalMs) {
      problems.push({ reason: 'GAP_NOT_BRIDGED', t: a.t, detail: `${(b.t - a.t) / 60_000} min without readings` });
      continue;
    }
    const slope = (b.value - a.value) / (b.t - a.t);
    const rate = (t: number) => a.value + slope * (t - a.t);
    from = spread(periods, acc, from, a.t, b.t, (s, e) => ((rate(s) + rate(e)) / 2) * ((e - s) / HOUR_MS), true);
  }
  return {
    figures: periods.map((p, i) => ({
      start: p.start,
      end: p.end,
      value: acc[i]!.value,
      source: 'integrated',
      completeness: acc[i]!.coveredMs / (p.end - p.start),
    })),
    problems,
  };
}
