import type { Confidence } from './cite.js';
import type { FigureSource } from './meters/figures.js';

/**
 * Aggregation device → plant → enterprise → region. Only accounting meters are summed (each unit of energy once):
 * sub-meters and virtual meters are for balances and analysis, never added to their parent's total.
 */
export type Level = 'device' | 'plant' | 'enterprise' | 'region';

export interface LedgerRow {
  device: string;
  category: string;
  /** in the category's unit */
  quantity: number;
  unit: string;
  kgce: number;
  tCo2: number;
  tCo2Biogenic: number;
  cost?: number;
  completeness: number;
  /** how the quantity was obtained */
  source?: FigureSource;
  /** the factors the conversion used: a factor change recomputes the rows that name it */
  factorIds?: readonly string[];
  confidence?: Confidence;
}

/** Who belongs to whom. A region is a 6-digit administrative code. */
export interface Hierarchy {
  plantOf: Readonly<Record<string, string>>;
  enterpriseOf: Readonly<Record<string, string>>;
  regionOf: Readonly<Record<string, string>>;
}

export interface CategoryTotal {
  quantity: number;
  unit: string;
  kgce: number;
  tCo2: number;
  tCo2Biogenic: number;
  cost: number;
  /** the lowest completeness of the rows summed: a total is as complete as its least complete part */
  completeness: number;
  rows: number;
}

export interface Rollup {
  key: string;
  byCategory: Record<string, CategoryTotal>;
  kgce: number;
  tCo2: number;
  tCo2Biogenic: number;
  cost: number;
}

export class RollupError extends Error {}

function keyOf(row: LedgerRow, level: Level, h: Hierarchy): string {
  if (level === 'device') return row.device;
  const plant = h.plantOf[row.device];
  if (plant === undefined) throw new RollupError(`device ${row.device} belongs to no plant`);
  if (level === 'plant') return plant;
  const ent = h.enterpriseOf[plant];
  if (ent === undefined) throw new RollupError(`plant ${plant} belongs to no enterprise`);
  if (level === 'enterprise') return ent;
  const region = h.regionOf[ent];
  if (region === undefined) throw new RollupError(`enterprise ${ent} has no region`);
  return region;
}

/** One period's rows summed at a level. Quantities add only within a category (kWh and Nm³ do not add). */
export function rollup(rows: readonly LedgerRow[], level: Level, h: Hierarchy): Rollup[] {
  const out = new Map<string, Rollup>();
  for (const row of rows) {
    const key = keyOf(row, level, h);
    let r = out.get(key);
    if (!r) out.set(key, (r = { key, byCategory: {}, kgce: 0, tCo2: 0, tCo2Biogenic: 0, cost: 0 }));
    const c = (r.byCategory[row.category] ??= {
      quantity: 0,
      unit: row.unit,
      kgce: 0,
      tCo2: 0,
      tCo2Biogenic: 0,
      cost: 0,
      completeness: 1,
      rows: 0,
    });
    if (c.unit !== row.unit)
      throw new RollupError(`${row.category} in ${row.unit} and ${c.unit} for ${key}: convert before summing`);
    c.quantity += row.quantity;
    c.kgce += row.kgce;
    c.tCo2 += row.tCo2;
    c.tCo2Biogenic += row.tCo2Biogenic;
    c.cost += row.cost ?? 0;
    c.completeness = Math.min(c.completeness, row.completeness);
    c.rows++;
    r.kgce += row.kgce;
    r.tCo2 += row.tCo2;
    r.tCo2Biogenic += row.tCo2Biogenic;
    r.cost += row.cost ?? 0;
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
