import type { DeviceSpec, EquipmentClass } from '#contracts';
import { profileFor } from './index.js';

const dev = (cls: EquipmentClass, nameplate: DeviceSpec['nameplate']): DeviceSpec => ({
  id: 'd',
  plantId: 'p',
  class: cls,
  name: 'd',
  nameplate,
});

/**
 * Each class's KPI from window means (the channels `add` sums), with its grade and the class-check shortfall at the
 * same operating point. Values hand-checked in the comments.
 */
describe('class profiles: KPI, grade and class limit at the operating point', () => {
  it.each([
    // transformer 1000 kVA grade-3 oil: 450 kW out at β 0.5, loss 3.405 kW = exactly the nameplate (grade-3) loss;
    // η = 450/453.405 = 99.249 %; limit = 1.1 × 3.405 → shortfall 1/1.1 − 1 = −0.0909
    [
      'transformer',
      { ratedKva: 1000, transformerType: 'oil', core: 'silicon', p0Kw: 0.83, pkKw: 10.3 },
      [453.405, 450, 0.9],
      99.249,
      3,
      -0.0909,
    ],
    // motor 110 kW η_N 95.4 % drawing 86.48 kW: β = 86.48·0.954/110 = 0.75 → η = 95.4 × 1.0 = grade 3 exactly
    ['motor', { ratedKw: 110, ratedEfficiency: 95.4 }, [86.48, 0.85], 95.4, 3, 0],
    // motor 110 kW with an IE2 nameplate (94.5 %) at β 0.75: below grade 3 by (95.4 − 94.5)/95.4 = 0.94 %
    ['motor', { ratedKw: 110, ratedEfficiency: 94.5 }, [87.3, 0.85], 94.5, 'below', 0.0094],
    // stoker boiler ≤ 20 t/h: 13,000 kW out, 15,294 kW in → 85.0 %, grade 2 (84); limit 82 → shortfall −0.0366
    ['boiler', { boilerType: 'stoker_coal', ratedOutputTph: 20 }, [13000, 15294.1, 17], 85.0, 2, -0.0366],
    // cement kiln: 200 t/h, 19,000 kgce/h of fuel, 10,400 kW used, 6,000 kW generated → 97.70 kgce/t, grade 1
    ['kiln', { product: 'cement_clinker', ratedOutputTph: 210 }, [200, 19000, 10400, 6000], 97.704, 1, -0.1649],
    // air-cooled compressor: 200 kW for 32 m³/min → 6.25 kW/(m³/min), grade 2; limit 7.2 → shortfall −0.132
    ['compressor', { ratedKw: 200, ratedFlow: 32, cooling: 'air' }, [200, 32], 6.25, 2, -0.1319],
  ] as const)('%s %j: means %j → %f, grade %s, shortfall %f', (cls, np, means, value, grade, shortfall) => {
    const k = profileFor(dev(cls, np as DeviceSpec['nameplate'])).kpi(means as unknown as number[]);
    expect(k.value).toBeCloseTo(value, 2);
    expect(k.grade).toBe(grade);
    expect(k.shortfall!).toBeCloseTo(shortfall, 3);
    expect(k.checkable).toBe(true);
  });

  it('cement kiln above 基准 (117 kgce/t) fails the class check and shows the NDRC level', () => {
    const k = profileFor(dev('kiln', { product: 'cement_clinker', ratedOutputTph: 210 })).kpi([200, 24000, 10400, 0]);
    // (24,000 + 10,400·0.1229)/200 = 126.39 kgce/t
    expect(k.value).toBeCloseTo(126.39, 2);
    expect([k.grade, k.ndrc]).toEqual(['below', 'below']);
    expect(k.shortfall!).toBeCloseTo(126.39 / 117 - 1, 3);
  });

  it('a compressor at part load is not held to the full-load figure', () => {
    const k = profileFor(dev('compressor', { ratedKw: 200, ratedFlow: 32 })).kpi([120, 16]);
    expect(k.checkable).toBe(false);
  });

  it('a pump is graded only against the value the plant entered, always unverified', () => {
    // 400 m³/h at 50 m: hydraulic 54.5 kW; 71.7 kW in → 76.0 %
    const none = profileFor(dev('pump', { ratedFlow: 400 })).kpi([71.7, 54.5, 400]);
    expect(none.grade).toBeUndefined();
    const entered = profileFor(dev('pump', { ratedFlow: 400, minEfficiency: 78 })).kpi([71.7, 54.5, 400]);
    expect(entered.grade).toBe('below');
    expect(entered.cite?.confidence).toBe('unverified');
  });
});
