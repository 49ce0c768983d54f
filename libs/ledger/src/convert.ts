import type { Citation, Confidence } from './cite.js';
import { weakest } from './cite.js';
import type { EnergyCategory } from './categories.js';
import { BASE_UNIT, CATEGORIES } from './categories.js';
import type { Factor, FactorQuantity, GridScheme } from './factors/types.js';
import { FACTORS } from './factors/data.js';
import { findFactor } from './factors/lookup.js';

/** CO₂ per carbon by molar mass, the convention of the GHG accounting guidelines */
export const CO2_PER_C = 44 / 12;
/** enthalpy of feed water at 20 °C, kJ/kg: the guidelines' reference for purchased steam */
export const FEEDWATER_ENTHALPY = 83.74;

export interface ConvertInput {
  category: string;
  /** in the category's unit (kWh, t, Nm³, GJ) */
  quantity: number;
  /** plant-local date the energy was used on (YYYY-MM-DD): selects the factors valid then */
  at: string;
  /** GB/T 2260 province code, for the grid factor */
  province?: string;
  gridScheme?: GridScheme;
  /** electricity to standard coal: equivalent value (当量值, default) or equal value (等价值) */
  electricityBasis?: 'equivalent' | 'equal';
  /** a laboratory's net calorific value of this lot, MJ/kg (= GJ/t) or MJ/Nm³: overrides the default */
  ncv?: number;
  /** steam: specific enthalpy in kJ/kg; heat = t × (h − 83.74) / 1000 GJ */
  steamEnthalpy?: number;
}

/** One figure a result was computed with: a cited factor, or a measured value the site gave. */
export interface TraceStep {
  name: FactorQuantity | 'measured_ncv' | 'steam_enthalpy' | 'co2_per_c';
  value: number;
  unit: string;
  factorId?: string;
  cite?: Citation;
  /** the factor's validity ended before the date: the latest published figure was used */
  carriedForward?: boolean;
  /** grid factors: whether the province's own, its region's or the national figure was used */
  match?: string;
}

export interface Conversion {
  category: string;
  quantity: number;
  unit: string;
  /** heat content, GJ (fuels and heat) */
  heatGj?: number;
  kgce: number;
  /** fossil CO₂, tonnes */
  tCo2: number;
  /** CO₂ from biomass, tonnes: reported apart, not in tCo2 */
  tCo2Biogenic: number;
  /** the weakest confidence of the cited factors used (measured values do not lower it) */
  confidence: Confidence;
  formula: { kgce: string; co2: string };
  steps: TraceStep[];
}

export type ConversionResult =
  | { ok: true; value: Conversion }
  | { ok: false; reason: 'CATEGORY_UNKNOWN' | 'QUANTITY_INVALID' | 'NCV_INVALID' | 'FACTOR_NOT_FOUND'; detail: string };

export interface Book {
  categories: readonly EnergyCategory[];
  factors: readonly Factor[];
}

export const DEFAULT_BOOK: Book = { categories: CATEGORIES, factors: FACTORS };

class Missing extends Error {}

/** Physical quantity → kgce → t CO₂, each step carrying the factor id and citation it used. */
export function convert(input: ConvertInput, book: Book = DEFAULT_BOOK): ConversionResult {
  const cat = book.categories.find((c) => c.id === input.category);
  if (!cat) return { ok: false, reason: 'CATEGORY_UNKNOWN', detail: `no energy category ${input.category}` };
  if (!Number.isFinite(input.quantity) || input.quantity < 0)
    return { ok: false, reason: 'QUANTITY_INVALID', detail: `quantity must be a finite number ≥ 0` };
  if (input.ncv !== undefined && !(Number.isFinite(input.ncv) && input.ncv > 0))
    return { ok: false, reason: 'NCV_INVALID', detail: 'a measured NCV must be a finite number > 0' };
  if (input.steamEnthalpy !== undefined && !(input.steamEnthalpy > FEEDWATER_ENTHALPY))
    return { ok: false, reason: 'NCV_INVALID', detail: `steam enthalpy must exceed ${FEEDWATER_ENTHALPY} kJ/kg` };
  const steps: TraceStep[] = [];
  const get = (quantity: FactorQuantity): number => {
    const r = findFactor(
      {
        category: cat.id,
        quantity,
        at: input.at,
        ...(input.province ? { province: input.province } : {}),
        ...(input.gridScheme ? { scheme: input.gridScheme } : {}),
      },
      book.factors,
    );
    if (!r.ok) throw new Missing(r.detail);
    const f = r.factor;
    steps.push({
      name: quantity,
      value: f.value,
      unit: f.unit,
      factorId: f.id,
      cite: f.cite,
      ...(r.carriedForward ? { carriedForward: true } : {}),
      ...(quantity === 'grid' ? { match: r.match } : {}),
    });
    return f.value;
  };
  const has = (quantity: FactorQuantity) =>
    findFactor({ category: cat.id, quantity, at: input.at, carryForward: false }, book.factors).ok;
  try {
    const value = compute(cat, input, get, has, steps);
    const cited = steps.filter((s) => s.cite).map((s) => s.cite!.confidence);
    return { ok: true, value: { ...value, steps, confidence: weakest(...cited) } };
  } catch (e) {
    if (e instanceof Missing) return { ok: false, reason: 'FACTOR_NOT_FOUND', detail: e.message };
    throw e;
  }
}

function compute(
  cat: EnergyCategory,
  input: ConvertInput,
  get: (q: FactorQuantity) => number,
  has: (q: FactorQuantity) => boolean,
  steps: TraceStep[],
): Omit<Conversion, 'steps' | 'confidence'> {
  const q = input.quantity;
  const base = q * BASE_UNIT[cat.unit].per;
  const out = { category: cat.id, quantity: q, unit: cat.unit };
  if (cat.kind === 'electricity') {
    const equal = input.electricityBasis === 'equal';
    const kgce = base * get(equal ? 'kgce_equal' : 'kgce');
    const kgCo2 = base * get('grid');
    return {
      ...out,
      kgce,
      tCo2: kgCo2 / 1000,
      tCo2Biogenic: 0,
      formula: {
        kgce: equal ? 'kWh × kgce_equal' : 'kWh × kgce',
        co2: 'kWh × grid / 1000',
      },
    };
  }
  let heatGj: number;
  let heatFormula: string;
  if (cat.kind === 'heat' && cat.unit === 'GJ') {
    heatGj = q;
    heatFormula = 'GJ';
  } else if (cat.kind === 'heat' && input.steamEnthalpy !== undefined) {
    steps.push({ name: 'steam_enthalpy', value: input.steamEnthalpy, unit: 'kJ/kg' });
    heatGj = (q * (input.steamEnthalpy - FEEDWATER_ENTHALPY)) / 1000;
    heatFormula = `t × (h − ${FEEDWATER_ENTHALPY}) / 1000`;
  } else if (input.ncv !== undefined) {
    steps.push({ name: 'measured_ncv', value: input.ncv, unit: `MJ/${BASE_UNIT[cat.unit].unit}` });
    heatGj = (base * input.ncv) / 1000;
    heatFormula = `${BASE_UNIT[cat.unit].unit} × measured NCV / 1000`;
  } else {
    heatGj = (base * get('ncv')) / 1000;
    heatFormula = `${BASE_UNIT[cat.unit].unit} × ncv / 1000`;
  }
  // A measured NCV, or a fuel with no single reference coefficient (gases: GB/T 2589 gives a range), converts by
  // heat; otherwise the standard's reference coefficient is what statistics reports use.
  const byHeat = cat.kind === 'heat' || input.ncv !== undefined || !has('kgce');
  const kgce = byHeat ? heatGj * 1000 * get('kgce_per_mj') : base * get('kgce');
  const kgceFormula = byHeat ? `(${heatFormula}) × 1000 × kgce_per_mj` : `${BASE_UNIT[cat.unit].unit} × kgce`;
  let kgCo2: number;
  let co2Formula: string;
  if (has('co2_per_gj')) {
    kgCo2 = heatGj * get('co2_per_gj');
    co2Formula = `(${heatFormula}) × co2_per_gj / 1000`;
  } else {
    kgCo2 = heatGj * get('carbon') * get('oxidation') * CO2_PER_C;
    steps.push({ name: 'co2_per_c', value: CO2_PER_C, unit: 'kgCO2/kgC' });
    co2Formula = `(${heatFormula}) × carbon × oxidation × 44/12 / 1000`;
  }
  const t = kgCo2 / 1000;
  return {
    ...out,
    heatGj,
    kgce,
    tCo2: cat.biogenic ? 0 : t,
    tCo2Biogenic: cat.biogenic ? t : 0,
    formula: { kgce: kgceFormula, co2: co2Formula },
  };
}
