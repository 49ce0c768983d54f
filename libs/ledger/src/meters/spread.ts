/** A [start, end) span of time in epoch ms: a ledger period. */
export interface Span {
  start: number;
  end: number;
}

export interface Accumulator {
  value: number;
  /** ms of the period covered by readings no further apart than the meter's max interval */
  coveredMs: number;
  /** energy allocated pro rata across a gap longer than the max interval (a register knows the total only) */
  estimated: number;
}

/**
 * Adds what happened between readings at `a` and `b` to the periods it overlaps. `amount(s, e)` is the quantity in
 * the sub-span [s, e); `covered` says whether the interval counts toward completeness. Periods are sorted and
 * consecutive; `from` is the first index that may overlap (returned for the next call, so a sweep is linear).
 */
export function spread(
  periods: readonly Span[],
  acc: Accumulator[],
  from: number,
  a: number,
  b: number,
  amount: (s: number, e: number) => number,
  covered: boolean,
): number {
  let i = from;
  while (i < periods.length && periods[i]!.end <= a) i++;
  for (let j = i; j < periods.length && periods[j]!.start < b; j++) {
    const s = Math.max(a, periods[j]!.start);
    const e = Math.min(b, periods[j]!.end);
    if (e <= s) continue;
    const q = amount(s, e);
    acc[j]!.value += q;
    if (covered) acc[j]!.coveredMs += e - s;
    else acc[j]!.estimated += q;
  }
  return i;
}
