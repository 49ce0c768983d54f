import type { LedgerPeriod } from '#contracts';
import { monitoringReport } from './indicators.js';

const DAY = 86_400_000;
const enterprise = { id: 'e1', name: 'E1', uscc: '91610100MA6U0Q8K2P', region: '610100', industries: ['3011'] };

/** A ledger period with electricity (kWh) and coal (t) figures and the share of samples present. */
const period = (label: string, start: number, end: number, kwh: number, coal: number, completeness: number) =>
  ({
    label,
    start,
    end,
    kgce: kwh * 0.1229 + coal * 714.3,
    tCo2: 0,
    tCo2Biogenic: 0,
    categories: [
      {
        category: 'electricity',
        nameZh: '电力',
        nameEn: 'Electricity',
        quantity: kwh,
        unit: 'kWh',
        kgce: kwh * 0.1229,
      },
      { category: 'coal', nameZh: '原煤', nameEn: 'Coal', quantity: coal, unit: 't', kgce: coal * 714.3 },
    ].map((c) => ({ ...c, tCo2: 0, tCo2Biogenic: 0, completeness, sources: [], factorIds: [] })),
    outputs: [{ line: 'kiln-1', product: 'clinker', quantity: 100, unit: 't', source: 'integrated', kgce: 0 }],
  }) as LedgerPeriod;

describe('online-monitoring indicators', () => {
  // a 3-day "month" to keep the hand sums short: days of 1,000 / 1,000 / 1,200 kWh and 10 / 10 / 10 t of coal
  const days = [
    period('d1', 0, DAY, 1000, 10, 1),
    period('d2', DAY, 2 * DAY, 1000, 10, 0.95),
    period('d3', 2 * DAY, 3 * DAY, 1200, 10, 0.5), // a planted gap: half the day's samples
  ];

  it('flags a day below 90 % of its samples, and a monthly figure off the daily sums by more than 5 %', () => {
    // the monthly electricity 3,000 kWh against days summing to 3,200: +6.7 %; coal 30 t against 30 t: 0
    const r = monitoringReport({
      enterprise,
      plants: ['xa-cement'],
      partial: false,
      month: '2026-01',
      zone: 'Asia/Shanghai',
      asOf: 10 * DAY,
      monthly: period('2026-01', 0, 3 * DAY, 3000, 30, (1 + 0.95 + 0.5) / 3),
      daily: days,
      quarterHours: [],
    });
    expect(r.daily.map((d) => d.flags)).toEqual([[], [], ['INCOMPLETE']]);
    expect(r.consistency).toEqual([
      { category: 'electricity', dailySum: 3200, monthly: 3000, deviation: 200 / 3000 },
      { category: 'coal', dailySum: 30, monthly: 30, deviation: 0 },
    ]);
    // the month: (1 + 0.95 + 0.5) / 3 = 81.7 % of its samples, and inconsistent; it is over, so not late
    expect(r.monthly.flags).toEqual(['INCOMPLETE', 'INCONSISTENT']);
    expect(r.monthly.kgce).toBeCloseTo(3000 * 0.1229 + 30 * 714.3, 9);
    expect(r.enterprise).toMatchObject({ uscc: '91610100MA6U0Q8K2P', region: '610100', industries: ['3011'] });
  });

  it('within 5 % and 90 % nothing is flagged; a running month with a stale last quarter-hour is late', () => {
    const q = (i: number, kwh: number) => period(`q${i}`, i * 900_000, (i + 1) * 900_000, kwh, 0, 1);
    const base = {
      enterprise,
      plants: ['xa-cement'],
      partial: false,
      month: '2026-01',
      zone: 'Asia/Shanghai',
      monthly: period('2026-01', 0, 31 * DAY, 3150, 30, 0.95),
      daily: days.map((d) => ({ ...d, categories: d.categories.map((c) => ({ ...c, completeness: 1 })) })),
      // quarter-hours 0-3, the last one with data the third (ends at 45 min)
      quarterHours: [q(0, 10), q(1, 10), q(2, 10), q(3, 0)],
    };
    // 3,200 against 3,150: +1.6 %
    const onTime = monitoringReport({ ...base, asOf: 45 * 60_000 + 60_000 });
    expect(onTime.monthly.flags).toEqual([]);
    expect(onTime.lagMs).toBe(60_000);
    const late = monitoringReport({ ...base, asOf: 45 * 60_000 + 17 * 60_000 });
    expect(late.monthly.flags).toEqual(['LATE']);
    expect(late.latestDataEnd).toBe(45 * 60_000);
  });
});
