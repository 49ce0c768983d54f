import type { Span } from './spread.js';
import { spread, type Accumulator } from './spread.js';
import type { MeterProblem, MeterResult } from './figures.js';

export interface RegisterReading {
  /** epoch ms */
  t: number;
  /** the cumulative register (kWh, Nm³, t) */
  value: number;
}

/** A meter exchanged at `t`: the old meter's last reading and the new meter's first. */
export interface Replacement {
  t: number;
  oldFinal: number;
  newInitial: number;
  /** the new meter's register modulus, when it rolls over (else `RegisterSpec.rollover` goes on applying) */
  rollover?: number;
}

/** A roll-over known to have happened at about `t`: the register wraps at `rollover` from then on. */
export interface RolloverEvent {
  t: number;
  rollover: number;
}

export interface RegisterSpec {
  /**
   * The register's modulus: it counts up to just below this and wraps to 0 (e.g. 100 000 000 for an 8-digit kWh
   * register). Without it a decrease is a fault, not a roll-over.
   */
  rollover?: number;
  replacements?: readonly Replacement[];
  /** recorded roll-overs: from each one's `t`, the register's modulus is its `rollover` (until a replacement) */
  rollovers?: readonly RolloverEvent[];
  /** readings further apart than this (ms) leave the interval out of completeness; its energy is allocated pro rata */
  maxIntervalMs: number;
}

/**
 * Energy per period from a cumulative register. The consumption between two readings is their difference
 * (plus the roll-over modulus when the register wrapped; split at a meter replacement into the old meter's run-out
 * and the new meter's run-up), spread over the interval in proportion to time. Totals are therefore exactly the
 * register's; an interval longer than `maxIntervalMs` is marked as estimated and not counted as covered.
 * A decrease with no roll-over or replacement to explain it is reported and contributes nothing.
 */
export function energyFromRegister(
  readings: readonly RegisterReading[],
  periods: readonly Span[],
  spec: RegisterSpec,
): MeterResult {
  const problems: MeterProblem[] = [];
  const rs = clean(readings, problems);
  const acc: Accumulator[] = periods.map(() => ({ value: 0, coveredMs: 0, estimated: 0 }));
  const reps = [...(spec.replacements ?? [])].sort((x, y) => x.t - y.t);
  let from = 0;
  for (let k = 1; k < rs.length; k++) {
    const a = rs[k - 1]!;
    const b = rs[k]!;
    const delta = difference(a, b, spec, reps, problems);
    if (delta === undefined) continue;
    const span = b.t - a.t;
    const covered = span <= spec.maxIntervalMs;
    if (!covered)
      problems.push({
        reason: 'GAP_NOT_BRIDGED',
        t: a.t,
        detail: `${span / 60_000} min without readings: ${delta} allocated pro rata, not counted as covered`,
      });
    from = spread(periods, acc, from, a.t, b.t, (s, e) => (delta * (e - s)) / span, covered);
  }
  return {
    figures: periods.map((p, i) => ({
      start: p.start,
      end: p.end,
      value: acc[i]!.value,
      source: 'register',
      completeness: acc[i]!.coveredMs / (p.end - p.start),
      estimated: acc[i]!.estimated,
    })),
    problems,
  };
}

function difference(
  a: RegisterReading,
  b: RegisterReading,
  spec: RegisterSpec,
  reps: readonly Replacement[],
  problems: MeterProblem[],
): number | undefined {
  const rep = reps.find((r) => r.t >= a.t && r.t <= b.t);
  if (rep) {
    const oldRun = rep.oldFinal - a.value;
    const newRun = b.value - rep.newInitial;
    if (oldRun < 0 || newRun < 0) {
      problems.push({
        reason: 'REPLACEMENT_INCONSISTENT',
        t: rep.t,
        detail: `old meter ${a.value} → final ${rep.oldFinal}, new meter initial ${rep.newInitial} → ${b.value}`,
      });
      return undefined;
    }
    return oldRun + newRun;
  }
  const d = b.value - a.value;
  if (d >= 0) return d;
  const modulus = rolloverAt(b.t, spec, reps);
  if (modulus !== undefined && a.value < modulus && b.value < modulus) return d + modulus;
  problems.push({ reason: 'REGISTER_DECREASED', t: b.t, detail: `register fell from ${a.value} to ${b.value}` });
  return undefined;
}

/**
 * The register's modulus at `t`: the latest recorded roll-over or replacement at or before it says (a replacement
 * without one leaves the configured modulus), else the configured one.
 */
function rolloverAt(t: number, spec: RegisterSpec, reps: readonly Replacement[]): number | undefined {
  let at = -Infinity;
  let modulus = spec.rollover;
  for (const r of reps)
    if (r.t <= t && r.t >= at) {
      at = r.t;
      modulus = r.rollover ?? spec.rollover;
    }
  for (const r of spec.rollovers ?? [])
    if (r.t <= t && r.t >= at) {
      at = r.t;
      modulus = r.rollover;
    }
  return modulus;
}

/** Readings sorted by time; non-finite values and duplicate times dropped and reported. */
export function clean<T extends { t: number; value: number }>(readings: readonly T[], problems: MeterProblem[]): T[] {
  const out: T[] = [];
  const sorted = [...readings].sort((x, y) => x.t - y.t);
  for (const r of sorted) {
    if (!Number.isFinite(r.t) || !Number.isFinite(r.value)) {
      problems.push({ reason: 'READING_NOT_FINITE', t: r.t, detail: `reading ${r.value} at ${r.t} ignored` });
      continue;
    }
    if (out.length && out[out.length - 1]!.t === r.t) {
      problems.push({
        reason: 'READING_OUT_OF_ORDER',
        t: r.t,
        detail: 'two readings at the same time: the later ignored',
      });
      continue;
    }
    out.push(r);
  }
  return out;
}
