import type { Factor } from '#contracts';

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
export type FactorQuantity = Factor['quantity'];

/**
 * Which published grid factor: each answers a different reporting question. reporting: 全国电网平均排放因子 named
 * for enterprise GHG reports; average: MEE/NBS average electricity CO₂ factor (national, regional, provincial);
 * average_excl_green: MEE/NBS national average excluding market-traded non-fossil electricity; fossil: MEE/NBS
 * fossil-only electricity factor.
 */
export type GridScheme = NonNullable<Factor['scheme']>;

/** A factor's shape is the API's (libs/contracts FactorSchema): the factor book is served as it is held. */
export type { Factor };
