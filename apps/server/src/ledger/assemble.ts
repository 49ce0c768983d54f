import {
  TOU_BAND_NAMES,
  type LedgerCategoryFigure,
  type LedgerOutputFigure,
  type LedgerPeriod,
  type LedgerSource,
  type LedgerTotals,
  type LoggedEntry,
  type TouBandName,
} from '#contracts';
import { convert, type Book, type Period } from '#ledger';
import type { PlantDay } from './day-cache.js';
import type { DayOutput, DayRow } from './day-rows.js';
import type { Pricing } from './pricing.js';

/** What is summed: which devices (and unconnected meters) of which plants. */
export interface Scope {
  plants: ReadonlyArray<{ id: string; province?: string }>;
  /** device ids (per plant) to include; undefined = every accounting row of the plant */
  include: (plantId: string, deviceId: string) => boolean;
}

interface UnitFactors {
  kgce: number;
  tCo2: number;
  bio: number;
  factorIds: string[];
}

/** Conversion per unit of quantity, memoised: every figure is linear in its quantity for a given date, place, NCV. */
export class Converter {
  private readonly memo = new Map<string, UnitFactors | string>();
  constructor(private readonly book: Book) {}

  unit(category: string, date: string, province?: string, ncv?: number): UnitFactors | string {
    const k = `${category}|${date}|${province ?? ''}|${ncv ?? ''}`;
    let v = this.memo.get(k);
    if (v === undefined) {
      const r = convert(
        {
          category,
          quantity: 1,
          at: date,
          ...(province ? { province } : {}),
          ...(ncv !== undefined ? { ncv } : {}),
        },
        this.book,
      );
      v = r.ok
        ? {
            kgce: r.value.kgce,
            tCo2: r.value.tCo2,
            bio: r.value.tCo2Biogenic,
            factorIds: r.value.steps.flatMap((s) => (s.factorId ? [s.factorId] : [])),
          }
        : `${r.reason}: ${r.detail}`;
      this.memo.set(k, v);
    }
    return v;
  }
}

interface Acc {
  quantity: number;
  kgce: number;
  tCo2: number;
  bio: number;
  /** per device: 15-minute slots covered (sum of completeness) */
  covered: Map<string, number>;
  sources: Set<LedgerSource>;
  factorIds: Set<string>;
  cost: number;
  priced: boolean;
  unpriced: number;
  bands?: Record<TouBandName, { kWh: number; cost: number }>;
}

export interface CategoryInfo {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: string;
}

/**
 * One period's figures for a scope from its plant-days (pure but for the conversion memo): each day's rows are
 * converted with the factors valid on that day, then summed; completeness is the covered share of the period's
 * 15-minute slots, the lowest over the devices that report the category.
 */
export function assemblePeriod(
  period: Period,
  days: ReadonlyArray<{ day: PlantDay; province?: string; rows: DayRow[]; outputs: DayOutput[] }>,
  entries: readonly LoggedEntry[],
  scope: Scope,
  conv: Converter,
  categories: readonly CategoryInfo[],
  problems: string[],
  pricing?: Pricing,
): LedgerPeriod {
  const SLOT = 15 * 60_000;
  const slots = Math.round((period.end - period.start) / SLOT);
  const cats = new Map<string, Acc>();
  const lineKgce = new Map<string, number>();
  const outputs = new Map<string, { line: string; product: string; unit: string; q: number; manual: boolean }>();
  for (const { day, province, rows, outputs: outs } of days) {
    if (day.end <= period.start || day.start >= period.end) continue;
    const idx: number[] = [];
    day.periods.forEach((p, i) => {
      if (p.start >= period.start && p.end <= period.end) idx.push(i);
    });
    for (const row of rows) {
      if (!scope.include(day.plantId, row.deviceId)) continue;
      let q = 0;
      let cov = 0;
      for (const i of idx) {
        q += row.q[i]!;
        cov += row.c[i]!;
      }
      const f = conv.unit(row.category, day.date, province, row.ncv);
      let a = cats.get(row.category);
      if (!a)
        cats.set(
          row.category,
          (a = {
            quantity: 0,
            kgce: 0,
            tCo2: 0,
            bio: 0,
            covered: new Map(),
            sources: new Set(),
            factorIds: new Set(),
            cost: 0,
            priced: false,
            unpriced: 0,
          }),
        );
      const dk = `${day.plantId}/${row.deviceId}`;
      a.covered.set(dk, (a.covered.get(dk) ?? 0) + cov);
      a.sources.add(row.source);
      a.quantity += q;
      price(a, row, idx, day, q, pricing);
      if (typeof f === 'string') {
        if (q > 0 && problems.length < 20) problems.push(`${row.deviceId} ${row.category} ${day.date}: ${f}`);
        continue;
      }
      a.kgce += q * f.kgce;
      a.tCo2 += q * f.tCo2;
      a.bio += q * f.bio;
      f.factorIds.forEach((id) => a.factorIds.add(id));
      lineKgce.set(dk, (lineKgce.get(dk) ?? 0) + q * f.kgce);
    }
    for (const o of outs) {
      if (!scope.include(day.plantId, o.line)) continue;
      const k = `${day.plantId}/${o.line}|${o.product}`;
      const cur = outputs.get(k) ?? { line: o.line, product: o.product, unit: o.unit, q: 0, manual: false };
      for (const i of idx) cur.q += o.q[i]!;
      if (o.source === 'manual') cur.manual = true;
      outputs.set(k, cur);
    }
  }
  // an output entered for the whole month replaces the month's sum of days
  if (period.granularity === 'month')
    for (const e of entries)
      if (e.kind === 'output' && e.period === period.label) {
        const k = `${e.plantId}/${e.line}|${e.product}`;
        if (!scope.plants.some((p) => p.id === e.plantId)) continue;
        outputs.set(k, { line: e.line, product: e.product, unit: e.unit, q: e.quantity, manual: true });
      }
  const names = new Map(categories.map((c) => [c.id, c]));
  const figures: LedgerCategoryFigure[] = [...cats.entries()]
    .sort((x, y) => categories.findIndex((c) => c.id === x[0]) - categories.findIndex((c) => c.id === y[0]))
    .map(([id, a]) => {
      const info = names.get(id);
      return {
        category: id,
        nameZh: info?.nameZh ?? id,
        nameEn: info?.nameEn ?? id,
        quantity: a.quantity,
        unit: info?.unit ?? '',
        kgce: a.kgce,
        tCo2: a.tCo2,
        tCo2Biogenic: a.bio,
        completeness: Math.min(...[...a.covered.values()].map((c) => Math.min(1, c / slots))),
        sources: [...a.sources].sort(),
        factorIds: [...a.factorIds].sort(),
        ...(a.priced ? { cost: a.cost } : {}),
        ...(a.unpriced > 0 ? { unpriced: a.unpriced } : {}),
        ...(a.bands ? { bands: a.bands } : {}),
      };
    });
  const outs: LedgerOutputFigure[] = [...outputs.entries()].map(([k, o]) => {
    const kgce = lineKgce.get(k.split('|')[0]!) ?? 0;
    return {
      line: o.line,
      product: o.product,
      quantity: o.q,
      unit: o.unit,
      source: o.manual ? 'manual' : 'integrated',
      kgce,
      ...(o.q > 0 ? { kgcePerUnit: kgce / o.q } : {}),
    };
  });
  return {
    label: period.label,
    start: period.start,
    end: period.end,
    ...totals(figures),
    categories: figures,
    outputs: outs,
  };
}

export function totals(figures: readonly LedgerCategoryFigure[]): LedgerTotals {
  const priced = figures.filter((f) => f.cost !== undefined);
  return {
    kgce: figures.reduce((s, f) => s + f.kgce, 0),
    tCo2: figures.reduce((s, f) => s + f.tCo2, 0),
    tCo2Biogenic: figures.reduce((s, f) => s + f.tCo2Biogenic, 0),
    ...(priced.length ? { cost: priced.reduce((s, f) => s + f.cost!, 0) } : {}),
  };
}

/**
 * Adds a row's cost over the period's slots: electricity slot by slot under the plant's time-of-use tariff of the
 * day (by band), anything else at the plant's price of the category on the day; quantity with no price is counted
 * as unpriced rather than costed at zero.
 */
function price(a: Acc, row: DayRow, idx: readonly number[], day: PlantDay, q: number, pricing?: Pricing): void {
  if (q <= 0) return;
  if (row.category === 'electricity') {
    const slots = pricing?.slots(day.plantId, day.date, day.periods);
    if (!slots) {
      a.unpriced += q;
      return;
    }
    a.priced = true;
    a.bands ??= Object.fromEntries(TOU_BAND_NAMES.map((b) => [b, { kWh: 0, cost: 0 }])) as NonNullable<Acc['bands']>;
    for (const i of idx)
      for (const part of slots[i]!) {
        const kWh = row.q[i]! * part.share;
        a.bands[part.band].kWh += kWh;
        a.bands[part.band].cost += kWh * part.price;
        a.cost += kWh * part.price;
      }
    return;
  }
  const p = pricing?.fuel(day.plantId, row.category, day.date);
  if (p === undefined) a.unpriced += q;
  else {
    a.priced = true;
    a.cost += q * p;
  }
}
