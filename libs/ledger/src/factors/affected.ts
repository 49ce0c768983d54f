import type { Factor } from './types.js';

export interface DateRange {
  /** first plant-local date touched (YYYY-MM-DD) */
  from: string;
  /** first date no longer touched (exclusive); open-ended when absent */
  to?: string;
}

const sameSeries = (a: Factor, b: Factor) =>
  a.category === b.category &&
  a.quantity === b.quantity &&
  (a.region ?? '') === (b.region ?? '') &&
  (a.scheme ?? '') === (b.scheme ?? '');

/**
 * The dates whose periods must be recomputed when a factor is added, changed or removed: the union of its old and
 * new validity. Grid and equal-value factors are also used, carried forward, after their validity until the next
 * figure of the same series starts, so for them the range runs to that next figure (or stays open).
 */
export function affectedRange(
  before: Factor | undefined,
  after: Factor | undefined,
  book: readonly Factor[],
): DateRange {
  const fs = [before, after].filter((f): f is Factor => f !== undefined);
  if (!fs.length) throw new RangeError('a factor change needs the factor before or after');
  const from = fs.map((f) => f.validFrom).sort()[0]!;
  const carried = fs[0]!.quantity === 'grid' || fs[0]!.quantity === 'kgce_equal';
  if (carried) {
    const latestStart = fs
      .map((f) => f.validFrom)
      .sort()
      .at(-1)!;
    const next = book
      .filter((f) => sameSeries(f, fs[0]!) && f.validFrom > latestStart)
      .map((f) => f.validFrom)
      .sort()[0];
    return next ? { from, to: next } : { from };
  }
  if (fs.some((f) => f.validTo === undefined)) return { from };
  return {
    from,
    to: fs
      .map((f) => f.validTo!)
      .sort()
      .at(-1)!,
  };
}
