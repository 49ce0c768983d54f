import type { Citation } from '../cite.js';

/**
 * What a factor gives, per the category's base unit (kWh, kg, Nm³; see BASE_UNIT):
 * - kgce: reference coefficient to standard coal, kgce per base unit (GB/T 2589 Appendix A);
 * - kgce_equal: electricity on the equal-value (等价值) basis, kgce/kWh (the year's supply coal consumption);
 * - kgce_per_mj: standard coal per MJ of heat (1 kgce = 29.3076 MJ), for heat and for fuels with a measured NCV;
 * - ncv: net calorific value, MJ per base unit;
 * - carbon: carbon content per unit heat, kgC/GJ (= tC/TJ);
 * - oxidation: carbon oxidation rate, a fraction;
 * - co2_per_gj: CO₂ per GJ of heat (purchased heat; IPCC factors that include oxidation);
 * - grid: grid CO₂ factor, kgCO₂/kWh.
 */
export type FactorQuantity =
  'kgce' | 'kgce_equal' | 'kgce_per_mj' | 'ncv' | 'carbon' | 'oxidation' | 'co2_per_gj' | 'grid';

/** Which published grid factor: each answers a different reporting question. */
export type GridScheme =
  /** 全国电网平均排放因子 named for enterprise GHG reports */
  | 'reporting'
  /** MEE/NBS average electricity CO₂ factor (national, regional, provincial) */
  | 'average'
  /** MEE/NBS national average excluding market-traded non-fossil electricity */
  | 'average_excl_green'
  /** MEE/NBS fossil-only electricity factor */
  | 'fossil';

export interface Factor {
  /** stable id, carried by every result that used the factor */
  id: string;
  category: string;
  quantity: FactorQuantity;
  value: number;
  unit: string;
  /** first day the figure applies (ISO date, plant's calendar) */
  validFrom: string;
  /** first day it no longer applies (exclusive); open-ended when absent */
  validTo?: string;
  /** grid factors: 'CN', an MEE grid region (north, northwest, …) or a GB/T 2260 province code */
  region?: string;
  scheme?: GridScheme;
  cite: Citation;
}
