/**
 * A month of a gas boiler and a cement kiln, March 2024, a plant in Shaanxi (610000), Asia/Shanghai, hand-checked:
 * physical units from the meters, then kgce, then t CO₂, each figure traced to the factor id and document it used.
 */
import {
  convert,
  energyFromRates,
  energyFromRegister,
  periodOfLabel,
  periodsBetween,
  unitConsumption,
  type Conversion,
} from './index.js';

const MONTH = periodOfLabel('2024-03', 'month');
const HOUR = 3_600_000;

function ok(r: ReturnType<typeof convert>): Conversion {
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
  return r.value;
}

const factorIds = (c: Conversion) => c.steps.map((s) => s.factorId).filter(Boolean);

describe('a month of a gas boiler (natural gas register, auxiliaries electricity, 4 000 t steam)', () => {
  // Gas register read hourly, 400 Nm³ each hour, starting at 99 990 000 on an 8-digit register (wraps at 10⁸),
  // so it wraps after 25 hours, and the meter is replaced on 15 March 10:00: the old one's final reading and the new
  // one's initial 12.5 are recorded; the hour of the exchange still counts its 400 Nm³.
  // March has 31 × 24 = 744 hours → 744 × 400 = 297 600 Nm³.
  const readings: { t: number; value: number }[] = [];
  const REPLACED_AT = MONTH.start + 14 * 24 * HOUR + 10 * HOUR; // 15 March 10:00 local
  const NEW_INITIAL = 12.5;
  let reg = 99_990_000;
  let onNew = false;
  for (let h = 0; h <= 744; h++) {
    const t = MONTH.start + h * HOUR;
    if (t === REPLACED_AT) {
      // the old meter reads `reg` at removal (its final reading), the new one starts at 12.5
      onNew = true;
      readings.push({ t: t - 1, value: reg }); // last reading of the old meter, just before removal
      reg = NEW_INITIAL;
      readings.push({ t: t + 1, value: reg });
    } else readings.push({ t, value: reg });
    reg = onNew ? reg + 400 : (reg + 400) % 100_000_000;
  }
  const oldFinal = readings.find((r) => r.t === REPLACED_AT - 1)!.value;
  const gas = energyFromRegister(readings, [MONTH], {
    rollover: 100_000_000,
    replacements: [{ t: REPLACED_AT, oldFinal, newInitial: NEW_INITIAL }],
    maxIntervalMs: 2 * HOUR,
  });

  it('takes 297 600 Nm³ from the register across the roll-over and the replacement', () => {
    expect(gas.figures[0]!.value).toBeCloseTo(297_600, 6);
    expect(gas.figures[0]!.source).toBe('register');
    expect(gas.figures[0]!.completeness).toBe(1);
    expect(gas.problems).toEqual([]);
  });

  it('converts the gas: 11 585.8656 GJ, 395 309.73 kgce, 643.467 t CO₂', () => {
    const c = ok(convert({ category: 'natural_gas', quantity: gas.figures[0]!.value, at: MONTH.date }));
    // heat  = 297 600 Nm³ × 38.931 MJ/Nm³ (389.31 GJ/10⁴ Nm³) / 1000           = 11 585.8656 GJ
    // kgce  = 11 585 865.6 MJ × 0.03412 kgce/MJ (1 kgce = 29 307 kJ)             = 395 309.734 kgce
    //   (natural gas has no single GB/T 2589 coefficient; it converts by its heating value)
    // CO₂   = 11 585.8656 GJ × 15.3 kgC/GJ × 0.99 × 44/12 / 1000                 = 643.4674 t
    expect(c.heatGj).toBeCloseTo(11_585.8656, 4);
    expect(c.kgce).toBeCloseTo(395_309.734, 2);
    expect(c.tCo2).toBeCloseTo(643.4674, 3);
    expect(c.tCo2Biogenic).toBe(0);
    expect(factorIds(c)).toEqual([
      'ghg-industry-2015/natural_gas/ncv',
      'gbt2589-2020/*/kgce_per_mj',
      'ghg-industry-2015/natural_gas/carbon',
      'ghg-industry-2015/natural_gas/oxidation',
    ]);
    expect(c.steps.find((s) => s.name === 'carbon')!.cite!.document).toMatch(/工业其他行业企业温室气体排放核算方法/);
    expect(c.formula.co2).toBe('(Nm3 × ncv / 1000) × carbon × oxidation × 44/12 / 1000');
  });

  it('follows a lab NCV: 36.0 MJ/Nm³ gives 10 713.6 GJ and 595.023 t CO₂', () => {
    const c = ok(convert({ category: 'natural_gas', quantity: 297_600, at: MONTH.date, ncv: 36 }));
    // heat = 297 600 × 36.0 / 1000 = 10 713.6 GJ; kgce = 10 713 600 × 0.03412 = 365 548.03
    // CO₂  = 10 713.6 × 15.3 = 163 918.08 kgC; × 0.99 = 162 278.899; × 44/12 = 595 022.63 kg = 595.0226 t
    expect(c.heatGj).toBeCloseTo(10_713.6, 6);
    expect(c.kgce).toBeCloseTo(365_548.032, 2);
    expect(c.tCo2).toBeCloseTo(595.0226, 3);
    expect(c.steps[0]).toEqual({ name: 'measured_ncv', value: 36, unit: 'MJ/Nm3' });
  });

  it('electricity 20 000 kWh: 2 458 kgce and 11.714 t CO₂ on the north-west grid factor carried forward', () => {
    const c = ok(convert({ category: 'electricity', quantity: 20_000, at: MONTH.date, province: '610000' }));
    // kgce = 20 000 kWh × 0.1229 kgce/kWh (GB/T 2589-2020, equivalent value)      = 2 458 kgce
    // CO₂  = 20 000 kWh × 0.5857 kgCO₂/kWh (MEE/NBS 2022, north-west grid) / 1000 = 11.714 t
    //   Shaanxi has no provincial figure in the book, so the region's is used; 2022 is the latest year published,
    //   so it is carried forward to 2024, and the trace says both.
    expect(c.kgce).toBeCloseTo(2458, 9);
    expect(c.tCo2).toBeCloseTo(11.714, 9);
    const grid = c.steps.find((s) => s.name === 'grid')!;
    expect(grid).toMatchObject({ factorId: 'grid/average/northwest/2022', match: 'region', carriedForward: true });
  });

  it('unit-product consumption: 99.44 kgce per tonne of steam', () => {
    const gasC = ok(convert({ category: 'natural_gas', quantity: 297_600, at: MONTH.date }));
    const el = ok(convert({ category: 'electricity', quantity: 20_000, at: MONTH.date, province: '610000' }));
    // (395 309.734 + 2 458) kgce / 4 000 t steam = 99.4419 kgce/t
    const i = unitConsumption({ line: 'boiler-1', energy: [gasC, el], output: 4000, outputUnit: 't steam' });
    expect(i.kgcePerUnit).toBeCloseTo(99.441934, 5);
    expect(i.unit).toBe('kgce/t steam');
    expect(i.kwhPerUnit).toBe(5);
  });
});

describe('a month of a cement kiln (coal with a lab NCV, diesel, biomass, electricity, waste-heat power)', () => {
  // Kiln drive and fans: 7 000 kW read every minute, with the readings missing 10:00-12:00 on 5 March.
  const GAP_FROM = MONTH.start + 4 * 24 * HOUR + 10 * HOUR;
  const GAP_TO = GAP_FROM + 2 * HOUR;
  const kw: { t: number; value: number }[] = [];
  for (let t = MONTH.start; t <= MONTH.end; t += 60_000) if (t <= GAP_FROM || t >= GAP_TO) kw.push({ t, value: 7000 });
  const days = periodsBetween(MONTH.start, MONTH.end, 'day');
  const el = energyFromRates(kw, [MONTH, ...days], { maxIntervalMs: 5 * 60_000 });

  it('integrates 7 000 kW over the 742 covered hours: 5 194 000 kWh, the 2-hour gap not bridged', () => {
    const month = el.figures[0]!;
    // 7 000 kW × (744 − 2) h = 5 194 000 kWh; completeness 742 / 744
    expect(month.value).toBeCloseTo(5_194_000, 3);
    expect(month.source).toBe('integrated');
    expect(month.completeness).toBeCloseTo(742 / 744, 12);
    const day5 = el.figures[1 + 4]!;
    expect(day5.value).toBeCloseTo(7000 * 22, 6);
    expect(day5.completeness).toBeCloseTo(22 / 24, 12);
    expect(el.problems.map((p) => p.reason)).toEqual(['GAP_NOT_BRIDGED']);
    // the days add up to the month
    expect(el.figures.slice(1).reduce((s, f) => s + f.value, 0)).toBeCloseTo(month.value, 3);
  });

  const at = MONTH.date;
  const coal = ok(convert({ category: 'bituminous', quantity: 12_000, at, ncv: 22.5 }));
  const diesel = ok(convert({ category: 'diesel', quantity: 30, at }));
  const bio = ok(convert({ category: 'biomass', quantity: 500, at }));
  const power = ok(convert({ category: 'electricity', quantity: 5_194_000, at, province: '610000' }));
  const whp = ok(convert({ category: 'electricity', quantity: 1_800_000, at, province: '610000' }));

  it('coal 12 000 t at a lab NCV of 22.5 MJ/kg: 270 000 GJ, 9 212 400 kgce, 24 103.926 t CO₂', () => {
    // heat = 12 000 t × 1000 kg/t × 22.5 MJ/kg / 1000                 = 270 000 GJ
    // kgce = 270 000 000 MJ × 0.03412 kgce/MJ                         = 9 212 400 kgce (by heat: NCV measured)
    // CO₂  = 270 000 GJ × 26.18 kgC/GJ × 0.93 × 44/12 / 1000          = 24 103.926 t (bituminous defaults)
    expect(coal.heatGj).toBeCloseTo(270_000, 6);
    expect(coal.kgce).toBeCloseTo(9_212_400, 3);
    expect(coal.tCo2).toBeCloseTo(24_103.926, 3);
    expect(factorIds(coal)).toContain('ghg-industry-2015/bituminous/carbon');
  });

  it('diesel 30 t: 43 713 kgce by the GB/T 2589 coefficient, 92.877 t CO₂', () => {
    // kgce = 30 000 kg × 1.4571 kgce/kg                                = 43 713 kgce
    // CO₂  = 30 000 kg × 42.652 MJ/kg / 1000 × 20.2 × 0.98 × 44/12 / 1000 = 1 279.56 GJ → 92.8773 t
    expect(diesel.kgce).toBeCloseTo(43_713, 6);
    expect(diesel.tCo2).toBeCloseTo(92.8773, 3);
    expect(factorIds(diesel)[0]).toBe('ghg-industry-2015/diesel/ncv');
    expect(factorIds(diesel)).toContain('gbt2589-2020/diesel/kgce');
  });

  it('biomass 500 t: 266 136 kgce, its 873.6 t CO₂ reported apart as biogenic', () => {
    // heat = 500 000 kg × 15.6 MJ/kg / 1000 = 7 800 GJ; kgce = 7 800 000 × 0.03412 = 266 136
    // CO₂  = 7 800 GJ × 112 kgCO₂/GJ (IPCC 2006, wood) / 1000 = 873.6 t, biogenic
    expect(bio.kgce).toBeCloseTo(266_136, 6);
    expect(bio.tCo2).toBe(0);
    expect(bio.tCo2Biogenic).toBeCloseTo(873.6, 9);
  });

  it('electricity 5 194 000 kWh: 638 342.6 kgce, 3 042.1258 t CO₂', () => {
    expect(power.kgce).toBeCloseTo(638_342.6, 4);
    expect(power.tCo2).toBeCloseTo(3042.1258, 6);
  });

  it('clinker 100 000 t: 99.39 kgce/t after crediting 1 800 000 kWh of waste-heat power', () => {
    // used     = 9 212 400 + 43 713 + 266 136 + 638 342.6 = 10 160 591.6 kgce
    // credited = 1 800 000 kWh × 0.1229                     =    221 220   kgce
    // (10 160 591.6 − 221 220) / 100 000 t                  = 99.393716 kgce/t clinker
    const i = unitConsumption({
      line: 'kiln-1',
      energy: [coal, diesel, bio, power],
      credits: [whp],
      output: 100_000,
      outputUnit: 't clinker',
    });
    expect(i.kgce).toBeCloseTo(9_939_371.6, 3);
    expect(i.kgcePerUnit).toBeCloseTo(99.393716, 6);
    // the weakest factor used decides the result's confidence: recalled figures are shown as such
    expect(i.confidence).toBe('recalled');
    // fossil CO₂ of the month: 24 103.926 + 92.8773 + 3 042.1258 = 27 238.929 t; biogenic apart
    const fossil = [coal, diesel, bio, power].reduce((s, c) => s + c.tCo2, 0);
    expect(fossil).toBeCloseTo(27_238.929, 3);
  });
});
