import type { ConvertInput, Conversion } from './convert.js';
import { DEFAULT_BOOK, convert, type Book } from './convert.js';
import type { PeriodFigure } from './meters/figures.js';
import type { LedgerRow } from './rollup.js';

export interface EntryInput extends Omit<ConvertInput, 'quantity' | 'at'> {
  device: string;
  /** a meter's period figure (register or integrated) */
  figure: PeriodFigure;
  /** the period's plant-local start date (Period.date) */
  date: string;
  cost?: number;
}

export type Entry =
  { ok: true; row: LedgerRow; conversion: Conversion } | { ok: false; reason: string; detail: string };

/**
 * One ledger row: a device's period figure in a category converted to kgce and t CO₂, keeping how the figure was
 * obtained (register or integrated, completeness) and the factor ids used, so a stored row can be traced and, when a
 * factor changes, found and recomputed.
 */
export function ledgerEntry(x: EntryInput, book: Book = DEFAULT_BOOK): Entry {
  const { device, figure, date, cost, ...rest } = x;
  const r = convert({ ...rest, quantity: figure.value, at: date }, book);
  if (!r.ok) return r;
  const c = r.value;
  return {
    ok: true,
    conversion: c,
    row: {
      device,
      category: c.category,
      quantity: c.quantity,
      unit: c.unit,
      kgce: c.kgce,
      tCo2: c.tCo2,
      tCo2Biogenic: c.tCo2Biogenic,
      ...(cost !== undefined ? { cost } : {}),
      completeness: figure.completeness,
      source: figure.source,
      factorIds: c.steps.flatMap((s) => (s.factorId ? [s.factorId] : [])),
      confidence: c.confidence,
    },
  };
}
