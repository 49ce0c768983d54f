import { CATEGORIES, FACTORS, convert, findFactor, type Factor } from '../index.js';

describe('factor book', () => {
  it('every factor is cited, dated, positive, and names a known category', () => {
    const ids = new Set<string>();
    for (const f of FACTORS) {
      expect(ids.has(f.id)).toBe(false);
      ids.add(f.id);
      expect(f.value).toBeGreaterThan(0);
      expect(f.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (f.validTo) expect(f.validTo > f.validFrom).toBe(true);
      expect(f.cite.document.length).toBeGreaterThan(5);
      expect(f.cite.table.length).toBeGreaterThan(3);
      expect(f.category === '*' || CATEGORIES.some((c) => c.id === f.category)).toBe(true);
    }
  });

  it("no figure is marked 'confirmed': none was read in its primary document", () => {
    expect(FACTORS.filter((f) => f.cite.confidence === 'confirmed')).toEqual([]);
  });

  it('every built-in category converts on a date in 2024', () => {
    for (const c of CATEGORIES) {
      const r = convert({ category: c.id, quantity: 1, at: '2024-06-01', province: '610000' });
      expect(r.ok ? c.id : r.detail).toBe(c.id);
    }
  });
});

describe('findFactor', () => {
  it('picks the grid factor by province, then region, then national', () => {
    const hebei = findFactor({ category: 'electricity', quantity: 'grid', at: '2022-07-01', province: '130000' });
    expect(hebei).toMatchObject({ ok: true, match: 'province', factor: { value: 0.7252 } });
    const shaanxi = findFactor({ category: 'electricity', quantity: 'grid', at: '2022-07-01', province: '610000' });
    expect(shaanxi).toMatchObject({ ok: true, match: 'region', factor: { value: 0.5857 }, carriedForward: false });
    const none = findFactor({ category: 'electricity', quantity: 'grid', at: '2021-07-01', province: '610000' });
    expect(none).toMatchObject({ ok: true, match: 'national', factor: { value: 0.5568 } });
  });

  it('selects by year: 2021 and 2022 national averages differ, and 2024 carries 2022 forward unless told not to', () => {
    const y = (at: string, carryForward?: boolean) =>
      findFactor({
        category: 'electricity',
        quantity: 'grid',
        at,
        ...(carryForward === false ? { carryForward } : {}),
      });
    expect(y('2021-12-31')).toMatchObject({ factor: { value: 0.5568 } });
    expect(y('2022-01-01')).toMatchObject({ factor: { value: 0.5366 } });
    expect(y('2024-03-01')).toMatchObject({ factor: { value: 0.5366 }, carriedForward: true });
    expect(y('2024-03-01', false)).toMatchObject({ ok: false, reason: 'FACTOR_NOT_FOUND' });
    expect(y('2020-06-01')).toMatchObject({ ok: false, reason: 'FACTOR_NOT_FOUND' });
  });

  it('the reporting scheme gives 0.5703 from 2022 on', () => {
    const r = findFactor({ category: 'electricity', quantity: 'grid', at: '2025-05-01', scheme: 'reporting' });
    expect(r).toMatchObject({ ok: true, factor: { value: 0.5703 }, carriedForward: false });
  });

  it("a site's own factor appended to the book wins over the default for its validity", () => {
    const own: Factor = {
      id: 'site/bituminous/carbon/2024',
      category: 'bituminous',
      quantity: 'carbon',
      value: 25.0,
      unit: 'kgC/GJ',
      validFrom: '2024-01-01',
      validTo: '2025-01-01',
      cite: {
        document: 'plant laboratory report 2024-017',
        year: '2024',
        table: 'elemental analysis',
        confidence: 'unverified',
      },
    };
    const book = [...FACTORS, own];
    expect(findFactor({ category: 'bituminous', quantity: 'carbon', at: '2024-05-01' }, book)).toMatchObject({
      factor: { id: own.id },
    });
    expect(findFactor({ category: 'bituminous', quantity: 'carbon', at: '2025-05-01' }, book)).toMatchObject({
      factor: { id: 'ghg-industry-2015/bituminous/carbon' },
    });
  });

  it('GB/T 2589-2020 coefficients apply from its implementation date only', () => {
    expect(findFactor({ category: 'diesel', quantity: 'kgce', at: '2021-03-31' }).ok).toBe(false);
    expect(findFactor({ category: 'diesel', quantity: 'kgce', at: '2021-04-01' }).ok).toBe(true);
  });

  it('rejects a malformed date', () => {
    expect(() => findFactor({ category: 'diesel', quantity: 'kgce', at: '2024-3-1' })).toThrow(RangeError);
  });
});

describe('convert', () => {
  const at = '2024-03-01';

  it('fuel oil CO₂ per kgce is 2.219, not the coal 2.66 charged to every fuel before (20 % high)', () => {
    const r = convert({ category: 'fuel_oil', quantity: 1, at });
    if (!r.ok) throw new Error(r.detail);
    // 1 t: kgce = 1000 × 1.4286 = 1 428.6; CO₂ = 41.816 GJ × 21.1 × 0.98 × 44/12 = 3 170.48 kg
    expect(r.value.kgce).toBeCloseTo(1428.6, 6);
    expect(r.value.tCo2 * 1000).toBeCloseTo(3170.48, 1);
    const perKgce = (r.value.tCo2 * 1000) / r.value.kgce;
    expect(perKgce).toBeCloseTo(2.2193, 3);
    expect(2.66 / perKgce).toBeCloseTo(1.199, 2);
  });

  it('steam by enthalpy: 100 t at 2 800 kJ/kg is 271.626 GJ, 9 267.88 kgce, 29.879 t CO₂', () => {
    const r = convert({ category: 'steam', quantity: 100, at, steamEnthalpy: 2800 });
    if (!r.ok) throw new Error(r.detail);
    // heat = 100 × (2 800 − 83.74) / 1000 = 271.626 GJ; kgce = 271 626 MJ × 0.03412 = 9 267.88; CO₂ = 271.626 × 0.11
    expect(r.value.heatGj).toBeCloseTo(271.626, 9);
    expect(r.value.kgce).toBeCloseTo(9267.879, 2);
    expect(r.value.tCo2).toBeCloseTo(29.87886, 5);
  });

  it('steam without enthalpy uses the GB/T 2589 low-pressure steam heat: 0.1284 kgce/kg', () => {
    const r = convert({ category: 'steam', quantity: 1, at });
    if (!r.ok) throw new Error(r.detail);
    expect(r.value.kgce).toBeCloseTo(3763 * 0.03412, 6);
  });

  it('hot water is metered in GJ', () => {
    const r = convert({ category: 'hot_water', quantity: 10, at });
    if (!r.ok) throw new Error(r.detail);
    expect(r.value.kgce).toBeCloseTo(341.2, 9);
    expect(r.value.tCo2).toBeCloseTo(1.1, 12);
  });

  it('electricity on the equal-value basis uses the year’s supply coal consumption', () => {
    const r = convert({ category: 'electricity', quantity: 1000, at: '2022-05-01', electricityBasis: 'equal' });
    if (!r.ok) throw new Error(r.detail);
    expect(r.value.kgce).toBeCloseTo(300.7, 9);
    expect(r.value.steps[0]!.factorId).toBe('cec/electricity/kgce_equal/2022');
  });

  it.each([
    [{ category: 'peat', quantity: 1, at }, 'CATEGORY_UNKNOWN'],
    [{ category: 'diesel', quantity: -1, at }, 'QUANTITY_INVALID'],
    [{ category: 'diesel', quantity: Number.NaN, at }, 'QUANTITY_INVALID'],
    [{ category: 'natural_gas', quantity: 1, at, ncv: 0 }, 'NCV_INVALID'],
    [{ category: 'steam', quantity: 1, at, steamEnthalpy: 50 }, 'NCV_INVALID'],
    [{ category: 'diesel', quantity: 1, at: '2019-01-01' }, 'FACTOR_NOT_FOUND'],
  ])('rejects %j with %s', (input, reason) => {
    expect(convert(input)).toMatchObject({ ok: false, reason });
  });
});
