import { RollupError, rollup, unitConsumption, type LedgerRow } from './index.js';

const row = (
  device: string,
  category: string,
  quantity: number,
  unit: string,
  kgce: number,
  tCo2: number,
): LedgerRow => ({
  device,
  category,
  quantity,
  unit,
  kgce,
  tCo2,
  tCo2Biogenic: 0,
  completeness: device === 'd3' ? 0.9 : 1,
});

const h = {
  plantOf: { d1: 'p1', d2: 'p1', d3: 'p2' },
  enterpriseOf: { p1: 'e1', p2: 'e1' },
  regionOf: { e1: '610100' },
};

describe('rollup', () => {
  const rows = [
    row('d1', 'electricity', 1000, 'kWh', 122.9, 0.5857),
    row('d2', 'electricity', 500, 'kWh', 61.45, 0.29285),
    row('d2', 'natural_gas', 100, 'Nm3', 132.83, 0.2162),
    row('d3', 'electricity', 200, 'kWh', 24.58, 0.11714),
  ];

  it('sums devices into plants, enterprises and regions, quantities only within a category', () => {
    const plants = rollup(rows, 'plant', h);
    expect(plants.map((p) => p.key)).toEqual(['p1', 'p2']);
    expect(plants[0]!.byCategory.electricity).toMatchObject({ quantity: 1500, unit: 'kWh', rows: 2 });
    expect(plants[0]!.kgce).toBeCloseTo(122.9 + 61.45 + 132.83, 9);
    const [region] = rollup(rows, 'region', h);
    expect(region!.key).toBe('610100');
    expect(region!.byCategory.electricity!.quantity).toBe(1700);
    expect(region!.byCategory.electricity!.completeness).toBe(0.9);
    expect(region!.tCo2).toBeCloseTo(0.5857 + 0.29285 + 0.2162 + 0.11714, 9);
    expect(rollup(rows, 'device', h)).toHaveLength(3);
  });

  it('refuses an orphan device and mixed units in one category', () => {
    expect(() => rollup([row('dx', 'electricity', 1, 'kWh', 0, 0)], 'plant', h)).toThrow(RollupError);
    expect(() =>
      rollup([row('d1', 'electricity', 1, 'kWh', 0, 0), row('d2', 'electricity', 1, 'MWh', 0, 0)], 'plant', h),
    ).toThrow(/convert before summing/);
  });
});

describe('unitConsumption', () => {
  it('gives no figure without output', () => {
    expect(unitConsumption({ line: 'l', energy: [], output: 0, outputUnit: 't' })).toMatchObject({
      reason: 'NO_OUTPUT',
      confidence: 'unverified',
    });
  });
});
