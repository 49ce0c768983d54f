import type { Factor, FactorQuantity, GridScheme } from './types.js';
import { FACTORS } from './data.js';
import { REGION_OF_PROVINCE } from './sources.js';

export interface FactorQuery {
  category: string;
  quantity: FactorQuantity;
  /** the plant-local date the energy was used on (YYYY-MM-DD): the start of the period */
  at: string;
  /** grid factors: the plant's province (GB/T 2260 code), falling back to its grid region, then national */
  province?: string;
  /** grid factors: which published series (default 'average') */
  scheme?: GridScheme;
  /**
   * Use the latest earlier figure when none covers the date yet (factors are published a year or two late).
   * The result says so. Default: true for grid and equal-value factors, false otherwise.
   */
  carryForward?: boolean;
}

export type FactorMatch = 'exact' | 'province' | 'region' | 'national';

export type FactorLookup =
  | { ok: true; factor: Factor; match: FactorMatch; carriedForward: boolean }
  | { ok: false; reason: 'FACTOR_NOT_FOUND'; detail: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const covers = (f: Factor, at: string) => f.validFrom <= at && (f.validTo === undefined || at < f.validTo);

/** Of several candidates, the one that started latest; on a tie the later in the list (a site's own override). */
function latest(fs: Factor[]): Factor | undefined {
  let best: Factor | undefined;
  for (const f of fs) if (!best || f.validFrom >= best.validFrom) best = f;
  return best;
}

/**
 * The factor for a category, quantity and date (and, for the grid, province and scheme). `book` is the default
 * factor list or a site's own (site factors appended after the defaults win on equal validity).
 */
export function findFactor(q: FactorQuery, book: readonly Factor[] = FACTORS): FactorLookup {
  if (!ISO_DATE.test(q.at)) throw new RangeError(`factor date must be YYYY-MM-DD, got ${JSON.stringify(q.at)}`);
  const wanted = book.filter((f) => (f.category === q.category || f.category === '*') && f.quantity === q.quantity);
  if (q.quantity !== 'grid') {
    const now = latest(wanted.filter((f) => covers(f, q.at)));
    if (now) return { ok: true, factor: now, match: 'exact', carriedForward: false };
    if (q.carryForward ?? q.quantity === 'kgce_equal') {
      const before = latest(wanted.filter((f) => f.validTo !== undefined && f.validTo <= q.at));
      if (before) return { ok: true, factor: before, match: 'exact', carriedForward: true };
    }
    return notFound(q);
  }
  const scheme = q.scheme ?? 'average';
  const levels: Array<[FactorMatch, string | undefined]> = [
    ['province', q.province],
    ['region', q.province ? REGION_OF_PROVINCE[q.province] : undefined],
    ['national', 'CN'],
  ];
  const atLevel = (region: string) => wanted.filter((f) => (f.scheme ?? 'average') === scheme && f.region === region);
  for (const [match, region] of levels) {
    const f = region ? latest(atLevel(region).filter((x) => covers(x, q.at))) : undefined;
    if (f) return { ok: true, factor: f, match, carriedForward: false };
  }
  if (q.carryForward ?? true) {
    for (const [match, region] of levels) {
      const f = region
        ? latest(atLevel(region).filter((x) => x.validTo !== undefined && x.validTo <= q.at))
        : undefined;
      if (f) return { ok: true, factor: f, match, carriedForward: true };
    }
  }
  return notFound(q);
}

function notFound(q: FactorQuery): FactorLookup {
  const where = q.province ? ` province ${q.province}` : '';
  const scheme = q.scheme ? ` scheme ${q.scheme}` : '';
  return {
    ok: false,
    reason: 'FACTOR_NOT_FOUND',
    detail: `no ${q.quantity} factor for ${q.category}${where}${scheme} on ${q.at}`,
  };
}
