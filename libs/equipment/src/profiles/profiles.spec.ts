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
    // η = 450/453.405 = 99.249 %; meters class 0.2 both sides: band 0.002·(453.405 + 450) = 1.8068 kW;
    // limit = 1.1 × 3.405 = 3.7455 → shortfall (3.405 − 1.8068)/3.7455 − 1 = −0.5733
    [
      'transformer',
      { ratedKva: 1000, transformerType: 'oil', core: 'silicon', p0Kw: 0.83, pkKw: 10.3 },
      [453.405, 450, 0.9, 0, 0],
      99.249,
      3,
      -0.5733,
    ],
    // motor 110 kW with a torque meter: 86.5 kW in, 82.521 kW on the shaft (β 0.75) → η = 95.40 %, grade 3 exactly;
    // the check's line is grade 3 less the GB/T 755 tolerance 0.15·(100 − 95.4) and the two meters' 0.5 % each:
    // (95.4 − 0.69) × 0.99 = 93.763 → shortfall (93.763 − 95.4)/93.763 = −0.0175
    ['motor', { ratedKw: 110, ratedEfficiency: 95.4 }, [86.5, 82.521], 95.4, 3, -0.0175],
    // measured at 95.0 %, under the grade 3 line of 95.4 but inside the tolerance and meters' band (93.763): shown at
    // grade 3, not below it, since the measurement cannot tell it from a motor on its line; (93.763 − 95.0)/93.763
    ['motor', { ratedKw: 110, ratedEfficiency: 95.4 }, [86.8642, 82.521], 95.0, 3, -0.0132],
    // the same motor 12 % less efficient: 98.27 kW in for 82.5 kW → η = 83.95 %, (93.763 − 83.95)/93.763 short
    ['motor', { ratedKw: 110, ratedEfficiency: 95.4 }, [98.27, 82.5], 83.95, 'below', 0.1047],
    // stoker boiler ≤ 20 t/h: 13,000 kW out, 15,294 kW in → 85.0 %, grade 2 (84); limit 82 less what the steam
    // (2.0) and coal (0.5) meters allow, 82 × 0.975 = 79.95 → shortfall (79.95 − 85.0)/79.95 = −0.0632
    ['boiler', { boilerType: 'stoker_coal', ratedOutputTph: 20 }, [13000, 15294.1, 17], 85.0, 2, -0.0632],
    // cement kiln: 200 t/h, 19,000 kgce/h of fuel, 10,400 kW used, 6,000 kW generated → 97.70 kgce/t, grade 1
    ['kiln', { product: 'cement_clinker', ratedOutputTph: 210 }, [200, 19000, 10400, 6000], 97.704, 1, -0.1649],
    // air-cooled compressor, every reading loaded: 200 kW for 32 m³/min → 6.25 kW/(m³/min), grade 2; limit 7.2
    // → shortfall −0.132
    ['compressor', { ratedKw: 200, ratedFlow: 32, cooling: 'air' }, [200, 32, 1, 0, 0, 200], 6.25, 2, -0.1319],
    // the same compressor loaded 75 % of the time (unloaded at 55 kW, no air): the window's means are
    // [0.75·200, 0.75·32, 0.75, …, 0.75·200 + 0.25·55]; judged on loaded running: still 6.25, not 7.0 (= 163.75/24)
    ['compressor', { ratedKw: 200, ratedFlow: 32 }, [150, 24, 0.75, 0, 0, 163.75], 6.25, 2, -0.1319],
  ] as const)('%s %j: means %j → %f, grade %s, shortfall %f', (cls, np, means, value, grade, shortfall) => {
    const spec = dev(cls, np as DeviceSpec['nameplate']);
    if (cls === 'motor') spec.driver = { metric: 'shaft_power' };
    const k = profileFor(spec).kpi(means as unknown as number[]);
    expect(k.value).toBeCloseTo(value, 2);
    expect(k.grade).toBe(grade);
    expect(k.shortfall!).toBeCloseTo(shortfall, 3);
    // kilns: the hourly figure is never held to the yearly level (see below)
    expect(k.checkable).toBe(cls !== 'kiln');
  });

  it('cement kiln above 基准 (117 kgce/t): the hourly figure is an indicator, the period figure is judged', () => {
    const p = profileFor(dev('kiln', { product: 'cement_clinker', ratedOutputTph: 210 }));
    const k = p.kpi([200, 24000, 10400, 0]);
    // (24,000 + 10,400·0.1229)/200 = 126.39 kgce/t
    expect(k.value).toBeCloseTo(126.39, 2);
    expect([k.grade, k.ndrc]).toEqual(['below', 'below']);
    expect(k.checkable).toBe(false);
    const [num, den] = p.period!.totals([200, 24000, 10400, 0]);
    const year = p.period!.judge(num / den);
    expect(year.checkable).toBe(true);
    expect(year.shortfall!).toBeCloseTo(126.39 / 117 - 1, 3);
  });

  it('a compressor modulating at part flow is not held to the full-load figure', () => {
    const k = profileFor(dev('compressor', { ratedKw: 200, ratedFlow: 32 })).kpi([120, 16, 1, 0, 0, 120]);
    expect(k.checkable).toBe(false);
  });

  it('a transformer loss within the two meters’ accuracy band is no class evidence; beyond it, it is', () => {
    const p = profileFor(dev('transformer', { ratedKva: 1000, p0Kw: 0.83, pkKw: 10.3 }));
    // β 0.65 at cos φ 0.9: LV 585 kW, nameplate loss 0.83 + 0.4225·10.3 = 5.1818 kW; limit 1.1 × that = 5.70 kW.
    // A 0.2 % ratio error on the HV meter reads 1.18 kW more loss (6.36 kW, 22 % above nameplate): inside the band
    // 0.002·(591.36 + 585) = 2.35 kW, so not a class alarm
    expect(p.kpi([585 + 6.36, 585, 0.9, 0, 0]).shortfall!).toBeLessThan(0);
    // a real 60 % loss increase (8.29 kW): (8.29 − 2.35)/5.70 − 1 = +4.2 % → beyond the limit and the band
    const k = p.kpi([585 + 8.29, 585, 0.9, 0, 0]);
    expect(k.shortfall!).toBeCloseTo((8.29 - 0.002 * (593.29 + 585)) / (1.1 * 5.1818) - 1, 4);
    expect(k.shortfall!).toBeGreaterThan(0);
    // with class 0.5 meters the same loss stays inside the band
    const coarse = profileFor(
      dev('transformer', { ratedKva: 1000, p0Kw: 0.83, pkKw: 10.3, hvMeterClass: 0.5, lvMeterClass: 0.5 }),
    );
    expect(coarse.kpi([585 + 8.29, 585, 0.9, 0, 0]).shortfall!).toBeLessThan(0);
  });

  it('a motor metered on input power only: efficiency is not observable, the KPI is the measured input', () => {
    const p = profileFor(dev('motor', { ratedKw: 110, ratedEfficiency: 95.4 }));
    expect(p.observable).toBe('INPUT_POWER_ONLY');
    const healthy = p.kpi([86.48]);
    const worn = p.kpi([98.27]); // 12 % less efficient at the same duty: only more input is seen
    expect([healthy.value, healthy.unit, healthy.grade, healthy.checkable]).toEqual([86.48, 'kW', undefined, false]);
    expect(worn.grade).toBeUndefined();
  });

  it('a motor against a metered throughput: specific energy, judged by its drift check', () => {
    const spec = dev('motor', { ratedKw: 110, ratedEfficiency: 95.4 });
    spec.driver = { metric: 'output_rate', rated: 120 };
    const p = profileFor(spec);
    expect(p.observable).toBe(true);
    // 86.48 kW for 90 t/h → 0.961 kWh/t
    expect(p.kpi([86.48, 90]).value).toBeCloseTo(0.9609, 4);
    expect(p.kpi([86.48, 90]).unit).toBe('kWh/t');
    const x = [0, 0, 0, 0];
    const pt = [0, 0];
    expect(p.drift([86.48, 90], x, pt)).toBeCloseTo(86.48 / 110, 6);
    expect(x).toEqual([1, 0.75, 0.5625, 0.421875]);
  });

  it('a compressor’s drift input is referred to the 20 °C inlet: the same machine on a hot afternoon is the same', () => {
    const p = profileFor(dev('compressor', { ratedKw: 200, ratedFlow: 32 }));
    // a fixed inlet volume: at 35 °C the standard-m³ flow is 293.15/308.15 of that at 20 °C, the power unchanged
    const at = (c: number) => {
      const q = 32 * (293.15 / (273.15 + c));
      const x = [0, 0, 0];
      return { y: p.drift([200, q, 1, c, 1, 200], x, [0, 0]), x };
    };
    expect(at(35).y).toBeCloseTo(at(20).y, 9);
    expect(at(35).x).toEqual(at(20).x.map((v) => expect.closeTo(v, 9)));
  });

  it('a transformer’s drift drivers: no-load, the meters’ ratio error (∝ β) and load loss at winding temperature', () => {
    const p = profileFor(dev('transformer', { ratedKva: 1000, p0Kw: 0.83, pkKw: 10.3 }));
    const x = [0, 0, 0];
    // β 0.5 at cos φ 0.9 (LV 450 kW), 20 °C ambient: θ = 20 + 65·((0.83 + 2.575)/11.13)^0.8 = 45.2 °C,
    // k = (235 + 45.2)/310 = 0.9039; 10 % stray loss × 1/k: 0.9·0.9039 + 0.1/0.9039 = 0.9241
    p.drift([453.4, 450, 0.9, 20, 1], x, [0, 0]);
    expect(x[0]).toBe(1);
    expect(x[1]).toBeCloseTo(0.5, 9);
    expect(x[2]).toBeCloseTo(0.25 * 0.9241, 3);
    expect(p.driverNames).toEqual(['1', 'beta', 'beta²·k(theta)']);
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
