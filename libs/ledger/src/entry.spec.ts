import { FACTORS, affectedRange, ledgerEntry, rollup, type Factor } from './index.js';

describe('ledgerEntry', () => {
  it('turns a register figure into a traced row that rolls up', () => {
    const figure = { start: 0, end: 1, value: 1000, source: 'register' as const, completeness: 0.98, estimated: 0 };
    const e = ledgerEntry({ device: 'd1', category: 'electricity', figure, date: '2022-05-01', province: '610000' });
    if (!e.ok) throw new Error(e.detail);
    // 1 000 kWh × 0.1229 = 122.9 kgce; × 0.5857 kgCO₂/kWh (north-west 2022) = 0.5857 t
    expect(e.row.kgce).toBeCloseTo(122.9, 12);
    expect(e.row).toMatchObject({
      source: 'register',
      completeness: 0.98,
      factorIds: ['gbt2589-2020/electricity/kgce', 'grid/average/northwest/2022'],
      confidence: 'transcribed',
    });
    expect(e.row.tCo2).toBeCloseTo(0.5857, 12);
    const [plant] = rollup([e.row], 'plant', { plantOf: { d1: 'p' }, enterpriseOf: {}, regionOf: {} });
    expect(plant!.kgce).toBeCloseTo(122.9, 12);
  });

  it('passes a conversion refusal through with its reason', () => {
    const figure = { start: 0, end: 1, value: 1, source: 'integrated' as const, completeness: 1 };
    expect(ledgerEntry({ device: 'd', category: 'peat', figure, date: '2024-01-01' })).toMatchObject({
      ok: false,
      reason: 'CATEGORY_UNKNOWN',
    });
  });
});

describe('affectedRange', () => {
  const byId = (id: string) => FACTORS.find((f) => f.id === id)!;

  it('a fixed-validity factor: the union of old and new validity', () => {
    const old = byId('gbt2589-2020/diesel/kgce');
    const changed: Factor = { ...old, value: 1.46, validFrom: '2024-01-01' };
    expect(affectedRange(old, changed, FACTORS)).toEqual({ from: '2021-04-01' });
    const own: Factor = { ...old, id: 'site/x', validFrom: '2024-01-01', validTo: '2024-07-01' };
    expect(affectedRange(undefined, own, FACTORS)).toEqual({ from: '2024-01-01', to: '2024-07-01' });
  });

  it('a grid factor: to the next published figure, since it is carried forward until then', () => {
    const y2021 = byId('grid/average/CN/2021');
    expect(affectedRange(y2021, { ...y2021, value: 0.56 }, FACTORS)).toEqual({ from: '2021-01-01', to: '2022-01-01' });
    const y2022 = byId('grid/average/CN/2022');
    expect(affectedRange(y2022, { ...y2022, value: 0.54 }, FACTORS)).toEqual({ from: '2022-01-01' });
  });
});
