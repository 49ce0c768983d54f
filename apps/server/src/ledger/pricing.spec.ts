import type { LoggedEntry } from '#contracts';
import { CATEGORIES, SHAANXI_TOU_RECALLED, periodOfLabel, periodsBetween } from '#ledger';
import { assemblePeriod, Converter } from './assemble.js';
import { dayRows } from './day-rows.js';
import type { PlantDay } from './day-cache.js';
import { Pricing } from './pricing.js';
import { validateEntry } from './validate-entry.js';

const ZONE = 'Asia/Shanghai';
const date = '2024-03-05';
const dayP = periodOfLabel(date, 'day', ZONE);
const periods = periodsBetween(dayP.start, dayP.end, '15min', ZONE).map((p) => ({ start: p.start, end: p.end }));
const n = periods.length; // 96
const day: PlantDay = {
  v: 2,
  plantId: 'p1',
  date,
  start: dayP.start,
  end: dayP.end,
  periods,
  devices: [
    {
      deviceId: 'm1',
      problems: [],
      channels: [
        // 1 kWh in every 15-minute slot: 96 kWh
        { category: 'electricity', source: 'register', q: Array(n).fill(1), c: Array(n).fill(1) },
        // 1,000 Nm³ of gas over the day
        { category: 'natural_gas', source: 'integrated', q: Array(n).fill(1000 / n), c: Array(n).fill(1) },
      ],
    },
  ],
};
const ctx = {
  hasPlant: (p: string) => p === 'p1',
  hasDevice: () => true,
  categories: CATEGORIES.map((c) => c.id),
  today: '2024-12-31',
};
const tariff = {
  kind: 'tariff',
  plantId: 'p1',
  by: 'energy manager',
  validFrom: '2024-01-01',
  flatPrice: 0.6,
  ratio: SHAANXI_TOU_RECALLED.ratio,
  seasons: SHAANXI_TOU_RECALLED.seasons,
};
const gasPrice = {
  kind: 'price',
  plantId: 'p1',
  by: 'energy manager',
  category: 'natural_gas',
  price: 3.2,
  validFrom: '2024-03-01',
};
const logged = (e: unknown, seq: number) => {
  const v = validateEntry(e, ctx);
  if (!('entry' in v)) throw new Error(JSON.stringify(v.problems));
  return { ...v.entry, seq, at: 0 } as LoggedEntry;
};

describe('ledger cost: time-of-use tariff and fuel price per plant', () => {
  it('prices a day by band (hand-checked) and the gas at its price', () => {
    const entries = [logged(tariff, 1), logged(gasPrice, 2)];
    const { rows, outputs } = dayRows(day, entries);
    const p = assemblePeriod(
      dayP,
      [{ day, province: '610000', rows, outputs }],
      entries,
      { plants: [{ id: 'p1' }], include: () => true },
      new Converter({ categories: CATEGORIES, factors: [] as never }),
      CATEGORIES,
      [],
      new Pricing(entries, ZONE),
    );
    const el = p.categories.find((c) => c.category === 'electricity')!;
    // March (Shaanxi example): valley 00:00-07:00 and 23:00-24:00 = 8 h = 32 slots × 1 kWh × 0.6 × 0.5 = 9.6 CNY;
    // flat 07:00-08:00 and 11:30-18:30 = 8 h = 32 kWh × 0.6 = 19.2; peak 08:00-11:30 and 18:30-23:00 = 8 h =
    // 32 kWh × 0.6 × 1.5 = 28.8; no sharp peak in March. 96 kWh cost 57.6 CNY.
    expect(el.bands!.valley.kWh).toBeCloseTo(32, 9);
    expect(el.bands!.valley.cost).toBeCloseTo(9.6, 9);
    expect(el.bands!.flat.cost).toBeCloseTo(19.2, 9);
    expect(el.bands!.peak.cost).toBeCloseTo(28.8, 9);
    expect(el.bands!.sharp).toEqual({ kWh: 0, cost: 0 });
    expect(el.cost).toBeCloseTo(57.6, 9);
    // 1,000 Nm³ × 3.2 CNY/Nm³
    expect(p.categories.find((c) => c.category === 'natural_gas')!.cost).toBeCloseTo(3200, 9);
    expect(p.cost).toBeCloseTo(3257.6, 9);
  });

  it('counts quantity no price covers as unpriced, never at zero cost', () => {
    const entries = [logged({ ...gasPrice, validFrom: '2024-03-06' }, 1)];
    const { rows, outputs } = dayRows(day, entries);
    const p = assemblePeriod(
      dayP,
      [{ day, rows, outputs }],
      entries,
      { plants: [{ id: 'p1' }], include: () => true },
      new Converter({ categories: CATEGORIES, factors: [] as never }),
      CATEGORIES,
      [],
      new Pricing(entries, ZONE),
    );
    expect(p.cost).toBeUndefined();
    expect(p.categories.map((c) => [c.category, c.cost, c.unpriced])).toEqual([
      ['electricity', undefined, 96],
      ['natural_gas', undefined, expect.closeTo(1000, 9)],
    ]);
  });

  it('refuses a tariff whose day has a gap, and a price without a validity, with reason codes', () => {
    const gap = structuredClone(tariff);
    gap.seasons[0]!.segments[1]!.from = '07:30';
    expect(validateEntry(gap, ctx)).toEqual({
      problems: [
        { code: 'FIELD_INVALID', path: 'seasons', message: expect.stringContaining('gap or overlap at 07:30') },
      ],
    });
    expect(validateEntry({ ...gasPrice, validFrom: undefined, price: -1 }, ctx)).toEqual({
      problems: expect.arrayContaining([
        { code: 'FIELD_MISSING', path: 'validFrom', message: expect.any(String) },
        { code: 'FIELD_INVALID', path: 'price', message: expect.any(String) },
      ]),
    });
  });
});
