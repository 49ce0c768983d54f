import type { Confidence } from '../cite.js';
import type { Factor, FactorQuantity, GridScheme } from './types.js';
import {
  CEC_COAL_RATE,
  GBT_2589,
  GHG_INDUSTRY,
  IPCC_2006,
  MEE_2023_REPORTING,
  MEE_NBS_2021,
  MEE_NBS_2022,
} from './sources.js';

/** GB/T 2589-2020 was implemented on 2021-04-01 (its 2008 edition before that is not encoded). */
const GBT_2589_FROM = '2021-04-01';
/** The 2015 guideline's defaults apply to reporting years from 2015 on, until a revision replaces them. */
const GHG_FROM = '2015-01-01';

const std = (
  category: string,
  quantity: FactorQuantity,
  value: number,
  unit: string,
  confidence: Confidence,
  note?: string,
): Factor => ({
  id: `gbt2589-2020/${category}/${quantity}`,
  category,
  quantity,
  value,
  unit,
  validFrom: GBT_2589_FROM,
  cite: { ...GBT_2589, confidence, ...(note ? { note } : {}) },
});

const ghg = (
  category: string,
  quantity: FactorQuantity,
  value: number,
  unit: string,
  confidence: Confidence,
  note?: string,
): Factor => ({
  id: `ghg-industry-2015/${category}/${quantity}`,
  category,
  quantity,
  value,
  unit,
  validFrom: GHG_FROM,
  cite: { ...GHG_INDUSTRY, confidence, ...(note ? { note } : {}) },
});

/** A fuel's three carbon-accounting defaults: NCV (MJ per base unit), carbon content (kgC/GJ), oxidation rate. */
const fuel = (category: string, ncv: number, ncvUnit: string, carbon: number, oxidation: number, note?: string) => [
  ghg(category, 'ncv', ncv, ncvUnit, 'recalled', note),
  ghg(category, 'carbon', carbon, 'kgC/GJ', 'recalled', note),
  ghg(category, 'oxidation', oxidation, 'fraction', 'recalled', note),
];

const grid = (
  scheme: GridScheme,
  region: string,
  year: number | { from: string; to?: string },
  value: number,
  cite: Factor['cite'],
): Factor => {
  const from = typeof year === 'number' ? `${year}-01-01` : year.from;
  const to = typeof year === 'number' ? `${year + 1}-01-01` : year.to;
  return {
    id: `grid/${scheme}/${region}/${from.slice(0, 4)}`,
    category: 'electricity',
    quantity: 'grid',
    value,
    unit: 'kgCO2/kWh',
    validFrom: from,
    ...(to ? { validTo: to } : {}),
    region,
    scheme,
    cite,
  };
};

const NEWS_2022 =
  'read in a news report quoting the announcement (national, regional, and the five highest and lowest provinces); Shaanxi itself was not in the text read';
const mee2022 = { ...MEE_NBS_2022, confidence: 'transcribed' as const, note: NEWS_2022 };
const mee2021 = {
  ...MEE_NBS_2021,
  confidence: 'transcribed' as const,
  note: 'national figures as quoted in the 2022 announcement news report',
};

const equal = (year: number, gcePerKwh: number): Factor => ({
  id: `cec/electricity/kgce_equal/${year}`,
  category: 'electricity',
  quantity: 'kgce_equal',
  value: gcePerKwh / 1000,
  unit: 'kgce/kWh',
  validFrom: `${year}-01-01`,
  validTo: `${year + 1}-01-01`,
  cite: { ...CEC_COAL_RATE, confidence: 'recalled', note: `${gcePerKwh} gce/kWh in ${year}` },
});

/**
 * The default factor book. A site replaces or adds factors (a new year's grid factor, its own coal's carbon
 * content) by passing its own list to the lookup; a factor change recomputes the periods its validity covers.
 */
export const FACTORS: readonly Factor[] = [
  // --- standard coal (GB/T 2589-2020 Appendix A) ---
  std('electricity', 'kgce', 0.1229, 'kgce/kWh', 'transcribed', 'equivalent value (当量值), 3600 kJ/kWh'),
  std('raw_coal', 'kgce', 0.7143, 'kgce/kg', 'recalled', 'NCV 20 908 kJ/kg'),
  std('washed_coal', 'kgce', 0.9, 'kgce/kg', 'recalled', 'NCV 26 344 kJ/kg'),
  std('coke', 'kgce', 0.9714, 'kgce/kg', 'recalled', 'NCV 28 435 kJ/kg'),
  std('fuel_oil', 'kgce', 1.4286, 'kgce/kg', 'recalled', 'NCV 41 816 kJ/kg'),
  std('diesel', 'kgce', 1.4571, 'kgce/kg', 'recalled', 'NCV 42 652 kJ/kg'),
  std('lpg', 'kgce', 1.7143, 'kgce/kg', 'recalled', 'NCV 50 179 kJ/kg'),
  std('steam', 'ncv', 3.763, 'MJ/kg', 'recalled', 'low-pressure steam 3 763 MJ/t (0.1286 kgce/kg)'),
  // heat and measured NCVs: 1 kgce = 29 307.6 kJ (7 000 kcal), so 1 MJ = 0.03412 kgce
  std('*', 'kgce_per_mj', 0.03412, 'kgce/MJ', 'transcribed', '热力 (当量值); 1 kgce = 29 307 kJ'),

  // --- carbon accounting defaults (GHG guideline for industrial enterprises, Table 2.1) ---
  ...fuel('anthracite', 20.304, 'MJ/kg', 27.49, 0.94),
  ...fuel('bituminous', 19.57, 'MJ/kg', 26.18, 0.93),
  ...fuel('lignite', 14.08, 'MJ/kg', 28.0, 0.96),
  ...fuel('washed_coal', 26.344, 'MJ/kg', 25.4, 0.93),
  ...fuel(
    'raw_coal',
    20.908,
    'MJ/kg',
    26.18,
    0.93,
    'coal type not given: GB/T 2589 raw-coal NCV with the bituminous carbon content and oxidation; enter the coal type or a lab analysis',
  ),
  ...fuel('coke', 28.435, 'MJ/kg', 29.42, 0.93),
  ...fuel('fuel_oil', 41.816, 'MJ/kg', 21.1, 0.98),
  ...fuel('diesel', 42.652, 'MJ/kg', 20.2, 0.98),
  ...fuel('lpg', 50.179, 'MJ/kg', 17.2, 0.98),
  ghg('natural_gas', 'ncv', 38.931, 'MJ/Nm3', 'transcribed', '389.31 GJ per 10⁴ Nm³'),
  ghg('natural_gas', 'carbon', 15.3, 'kgC/GJ', 'transcribed'),
  ghg('natural_gas', 'oxidation', 0.99, 'fraction', 'transcribed'),
  ...fuel('coke_oven_gas', 17.981, 'MJ/Nm3', 13.58, 0.99, '179.81 GJ per 10⁴ Nm³'),
  ghg('steam', 'co2_per_gj', 110, 'kgCO2/GJ', 'recalled', 'purchased heat 0.11 tCO₂/GJ'),
  ghg('hot_water', 'co2_per_gj', 110, 'kgCO2/GJ', 'recalled', 'purchased heat 0.11 tCO₂/GJ'),

  // --- biomass (IPCC 2006 defaults; its CO₂ is biogenic, reported apart) ---
  {
    id: 'ipcc-2006/biomass/ncv',
    category: 'biomass',
    quantity: 'ncv',
    value: 15.6,
    unit: 'MJ/kg',
    validFrom: '2006-01-01',
    cite: { ...IPCC_2006, confidence: 'recalled', note: 'wood/wood waste 15.6 TJ/Gg; use the lab NCV of the fuel' },
  },
  {
    id: 'ipcc-2006/biomass/co2_per_gj',
    category: 'biomass',
    quantity: 'co2_per_gj',
    value: 112,
    unit: 'kgCO2/GJ',
    validFrom: '2006-01-01',
    cite: { ...IPCC_2006, confidence: 'recalled', note: 'wood/wood waste 112 000 kg/TJ' },
  },

  // --- electricity on the equal-value basis (等价值) ---
  equal(2021, 302.5),
  equal(2022, 300.7),

  // --- grid CO₂ factors ---
  grid('reporting', 'CN', { from: '2022-01-01' }, 0.5703, {
    ...MEE_2023_REPORTING,
    confidence: 'transcribed',
    note: '0.5703 tCO₂/MWh, read in a news report of the notice; applies until a newer figure is named',
  }),
  grid('average', 'CN', 2021, 0.5568, mee2021),
  grid('fossil', 'CN', 2021, 0.8426, mee2021),
  grid('average', 'CN', 2022, 0.5366, mee2022),
  grid('average_excl_green', 'CN', 2022, 0.5856, mee2022),
  grid('fossil', 'CN', 2022, 0.8325, mee2022),
  ...(
    [
      ['north', 0.6776],
      ['northeast', 0.5564],
      ['east', 0.5617],
      ['central', 0.5395],
      ['northwest', 0.5857],
      ['southwest', 0.2268],
      ['south', 0.3869],
      ['130000', 0.7252],
      ['140000', 0.7096],
      ['120000', 0.7041],
      ['150000', 0.6849],
      ['340000', 0.6782],
      ['350000', 0.4092],
      ['450000', 0.4044],
      ['630000', 0.1567],
      ['510000', 0.1404],
      ['530000', 0.1073],
    ] as const
  ).map(([region, v]) => grid('average', region, 2022, v, mee2022)),
];
