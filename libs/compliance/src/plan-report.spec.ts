import type { EnterpriseSpec, PlantSpec, ProductionLineSpec } from '#contracts';
import { planComplianceReport, type LineMonth } from './plan-report.js';
import { planPeriods } from './plan-periods.js';

/**
 * A small province (Shaanxi, 610000): two enterprises, a plant in Xi'an (Yanta, 610113) and one in Baoji (Weibin,
 * 610302), lines in three key fields. Every expected figure below is worked out by hand in the comments.
 */
const ZONE = 'Asia/Shanghai';
const enterprises: EnterpriseSpec[] = [
  { id: 'e1', name: 'Qinling Cement', uscc: '91610100MA6U0Q8K2P', region: '610113' },
  { id: 'e2', name: 'Weihe Materials', uscc: '91610300MA6U0Q8K2P', region: '610302' },
];
const plants: PlantSpec[] = [
  { id: 'xa', name: 'Xi an works', region: '610113', enterprise: 'e1' },
  { id: 'bj', name: 'Baoji works', region: '610302', enterprise: 'e2' },
];
const line = (id: string, plantId: string, field: string, capacity: number, row?: string): ProductionLineSpec => ({
  id,
  plantId,
  name: id,
  field,
  capacity,
  ...(row ? { row } : {}),
});
const lines = [
  line('c1', 'xa', 'cement_clinker', 1_500_000),
  line('c4', 'xa', 'cement_clinker', 1_000_000),
  line('c2', 'bj', 'cement_clinker', 1_000_000),
  line('c3', 'bj', 'cement_clinker', 500_000),
  line('g1', 'xa', 'flat_glass', 10_000_000, 'gt_800_tpd'),
  line('g2', 'bj', 'flat_glass', 5_000_000), // flat glass has two size rows: none named, no level to judge on
  line('a1', 'bj', 'electrolytic_aluminium', 400_000),
];
const m = (lineId: string, month: string, x: Omit<LineMonth, 'lineId' | 'month'>): LineMonth => ({
  lineId,
  month,
  ...x,
});
const january: LineMonth[] = [
  m('c1', '2026-01', { kgce: 9_800_000, output: 100_000, completeness: 1 }), // 98 kgce/t: 标杆 (≤ 100)
  // c4: nothing at all
  m('c2', '2026-01', { kgce: 11_000_000, output: 100_000, completeness: 0.95 }), // 110: 基准 (≤ 117)
  m('c3', '2026-01', { kgce: 6_000_000, output: 50_000, completeness: 1 }), // 120: below 基准
  m('g1', '2026-01', { kgce: 7_400_000, output: 800_000, completeness: 0.85 }), // 9.25, but 85 % of the data
  m('g2', '2026-01', { kgce: 4_000_000, output: 500_000, completeness: 1 }),
  // aluminium is judged on AC kWh per tonne: 437,000,000 / 33,000 = 13,242.4 kWh/t: 基准 (≤ 13,350), not 标杆
  m('a1', '2026-01', { kgce: 60_000_000, kwhAc: 437_000_000, output: 33_000, completeness: 1 }),
];

const report = (months: LineMonth[], g: 'month' | 'quarter', from: string, to: string, scope = {}) =>
  planComplianceReport({
    lines,
    plants,
    enterprises,
    months,
    periods: planPeriods(g, from, to, ZONE),
    granularity: g,
    zone: ZONE,
    scope,
    asOf: 1_769_900_000_000,
  });

describe('compliance per the plan', () => {
  const r = report(january, 'month', '2026-01', '2026-01');
  const jan = r.periods[0]!;
  const field = (id: string) => jan.fields.find((f) => f.field === id)!;

  it('judges each line on its unit-product consumption over the period', () => {
    expect(jan.lines.map((l) => [l.lineId, l.status, l.value && Math.round(l.value * 10) / 10])).toEqual([
      ['c1', 'benchmark', 98],
      ['c2', 'baseline', 110],
      ['c3', 'below', 120],
      ['c4', 'no_data', undefined],
      ['a1', 'baseline', 13242.4],
      ['g1', 'insufficient', 9.3],
      ['g2', 'no_level', 8],
    ]);
  });

  it('cement clinker: shares of ALL capacity, the line without data in the denominator as its own share', () => {
    // 4,000,000 t/a: 标杆 1.5 M (37.5 %), 基准 1.0 M, below 0.5 M (12.5 %), no data 1.0 M (25 %)
    expect(field('cement_clinker')).toMatchObject({
      capacityUnit: 't/a',
      lines: 4,
      totalCapacity: 4_000_000,
      capacity: { benchmark: 1_500_000, baseline: 1_000_000, below: 500_000, no_data: 1_000_000 },
      shareAtBenchmark: 0.375,
      shareAtOrAboveBaseline: 0.625,
      shareBelow: 0.125,
      shareMissing: 0.25,
      gapToBaselineTarget: 37.5,
      gapToBenchmarkTarget: 0,
      meetsTargets: false,
    });
  });

  it('flat glass: too little data and no level are missing, never compliant', () => {
    expect(field('flat_glass')).toMatchObject({
      capacityUnit: 'weight boxes/a',
      totalCapacity: 15_000_000,
      capacity: { insufficient: 10_000_000, no_level: 5_000_000 },
      shareAtOrAboveBaseline: 0,
      shareMissing: 1,
      gapToBaselineTarget: 100,
      gapToBenchmarkTarget: 30,
    });
  });

  it('electrolytic aluminium: all at 基准, none at 标杆: the 30 % target is missed by 30 points', () => {
    expect(field('electrolytic_aluminium')).toMatchObject({
      shareAtOrAboveBaseline: 1,
      shareAtBenchmark: 0,
      gapToBaselineTarget: 0,
      meetsTargets: false,
    });
    expect(field('electrolytic_aluminium').gapToBenchmarkTarget).toBeCloseTo(30, 9);
  });

  it('per prefecture and per enterprise, with the enterprise code', () => {
    const xa = jan.regions.find((x) => x.id === '610100')!.fields.find((f) => f.field === 'cement_clinker')!;
    // c1 1.5 M at 标杆, c4 1.0 M without data: 60 % / 60 %
    expect([xa.shareAtBenchmark, xa.shareAtOrAboveBaseline, xa.shareMissing]).toEqual([0.6, 0.6, 0.4]);
    const bj = jan.regions.find((x) => x.id === '610300')!.fields.find((f) => f.field === 'cement_clinker')!;
    // c2 1.0 M at 基准, c3 0.5 M below: 2/3 at or above, 1/3 below
    expect(bj.shareAtOrAboveBaseline).toBeCloseTo(2 / 3, 12);
    expect(bj.shareBelow).toBeCloseTo(1 / 3, 12);
    expect(jan.enterprises.map((e) => [e.id, e.uscc, e.fields.map((f) => f.field)])).toEqual([
      ['e1', '91610100MA6U0Q8K2P', ['cement_clinker', 'flat_glass']],
      ['e2', '91610300MA6U0Q8K2P', ['cement_clinker', 'electrolytic_aluminium', 'flat_glass']],
    ]);
    // completeness: the mean over the 7 lines: (1 + 0 + 0.95 + 1 + 0.85 + 1 + 1) / 7
    expect(jan.completeness).toBeCloseTo(5.8 / 7, 12);
    expect(r.fields.map((f) => [f.id, f.document])).toContainEqual(['cement_clinker', '发改产业〔2021〕1609号']);
  });

  it('a region or enterprise filter keeps only its lines; under a prefecture the regions are its counties', () => {
    const baoji = report(january, 'month', '2026-01', '2026-01', { region: '610300' }).periods[0]!;
    expect(baoji.lines.map((l) => l.lineId).sort()).toEqual(['a1', 'c2', 'c3', 'g2']);
    expect(baoji.regions.map((x) => x.id)).toEqual(['610302']);
    const e1 = report(january, 'month', '2026-01', '2026-01', { enterprise: 'e1' }).periods[0]!;
    expect(e1.lines.map((l) => l.lineId).sort()).toEqual(['c1', 'c4', 'g1']);
  });

  it('a quarter sums energy and output over its months; a month absent counts as no data in its completeness', () => {
    const q = report(
      [
        m('c1', '2026-01', { kgce: 9_800_000, output: 100_000, completeness: 1 }),
        m('c1', '2026-02', { kgce: 10_200_000, output: 100_000, completeness: 0.9 }),
        m('c1', '2026-03', { kgce: 10_000_000, output: 100_000, completeness: 0.8 }),
        m('c3', '2026-01', { kgce: 6_000_000, output: 50_000, completeness: 1 }),
        m('c3', '2026-02', { kgce: 5_500_000, output: 50_000, completeness: 1 }),
      ],
      'quarter',
      '2026-Q1',
      '2026-Q1',
    ).periods[0]!;
    const by = new Map(q.lines.map((l) => [l.lineId, l]));
    // c1: 30,000,000 / 300,000 = 100 kgce/t, 标杆 inclusive; completeness (1 + 0.9 + 0.8) / 3 = 0.9, just enough
    expect(by.get('c1')).toMatchObject({ status: 'benchmark', value: 100, output: 300_000 });
    expect(by.get('c1')!.completeness).toBeCloseTo(0.9, 12);
    // c3: 11,500,000 / 100,000 = 115 would be 基准, but March is missing: (1 + 1 + 0) / 3 < 90 %
    expect(by.get('c3')).toMatchObject({ status: 'insufficient', value: 115 });
    expect(q.label).toBe('2026-Q1');
  });

  it('gives the trend period by period', () => {
    const feb = [
      ...january.map((x) => ({ ...x, month: '2026-02' })),
      m('c4', '2026-02', { kgce: 11_500_000, output: 100_000, completeness: 1 }), // 115: 基准
    ];
    const t = report([...january, ...feb], 'month', '2026-01', '2026-02');
    expect(t.periods.map((p) => p.label)).toEqual(['2026-01', '2026-02']);
    const clinker = t.periods.map((p) => p.fields.find((f) => f.field === 'cement_clinker')!.shareAtOrAboveBaseline);
    // January 2.5 of 4 M; February c4 adds 1.0 M at 基准: 3.5 of 4 M
    expect(clinker).toEqual([0.625, 0.875]);
  });
});

describe('planPeriods', () => {
  it('cuts months, quarters and years in the zone, and refuses a label of another granularity', () => {
    const q = planPeriods('quarter', '2025-Q4', '2026-Q1', ZONE);
    expect(q.map((p) => [p.label, p.months])).toEqual([
      ['2025-Q4', ['2025-10', '2025-11', '2025-12']],
      ['2026-Q1', ['2026-01', '2026-02', '2026-03']],
    ]);
    expect(new Date(q[1]!.start).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(planPeriods('year', '2026', '2026', ZONE)[0]!.months).toHaveLength(12);
    expect(() => planPeriods('month', '2026-Q1', '2026-Q2', ZONE)).toThrow(/quarter label/);
    expect(() => planPeriods('month', '2026-03', '2026-01', ZONE)).toThrow(/before/);
  });
});
