import type { EnergyCategory } from '#contracts';

/**
 * Energy categories (能源品种) as data. A site adds its own with `withCategories` (a category id is free text);
 * the ones here are those the provincial statistics and the GHG accounting guidelines name.
 */

/** The unit a category is metered and reported in. Solid and liquid fuels in tonnes, gases in normal m³. */
export type PhysicalUnit = EnergyCategory['unit'];

/**
 * How a category turns into kgce and CO₂:
 * - electricity: kWh × kgce/kWh; CO₂ from the grid factor of the province and year;
 * - fuel: heat = quantity × NCV; CO₂ = heat × carbon content × oxidation × 44/12 (or an IPCC kgCO₂/GJ factor);
 * - heat: steam or hot water bought in; heat in GJ, CO₂ from the heat factor.
 */
export type CategoryKind = EnergyCategory['kind'];

/** A category's shape is the API's (libs/contracts EnergyCategorySchema). */
export type { EnergyCategory };

export const CATEGORIES: readonly EnergyCategory[] = [
  { id: 'electricity', nameZh: '电力', nameEn: 'Electricity', unit: 'kWh', kind: 'electricity', biogenic: false },
  { id: 'raw_coal', nameZh: '原煤', nameEn: 'Raw coal', unit: 't', kind: 'fuel', biogenic: false },
  { id: 'anthracite', nameZh: '无烟煤', nameEn: 'Anthracite', unit: 't', kind: 'fuel', biogenic: false },
  { id: 'bituminous', nameZh: '烟煤', nameEn: 'Bituminous coal', unit: 't', kind: 'fuel', biogenic: false },
  { id: 'lignite', nameZh: '褐煤', nameEn: 'Lignite', unit: 't', kind: 'fuel', biogenic: false },
  { id: 'washed_coal', nameZh: '洗精煤', nameEn: 'Cleaned coal', unit: 't', kind: 'fuel', biogenic: false },
  { id: 'coke', nameZh: '焦炭', nameEn: 'Coke', unit: 't', kind: 'fuel', biogenic: false },
  { id: 'natural_gas', nameZh: '天然气', nameEn: 'Natural gas', unit: 'Nm3', kind: 'fuel', biogenic: false },
  { id: 'lpg', nameZh: '液化石油气', nameEn: 'LPG', unit: 't', kind: 'fuel', biogenic: false },
  { id: 'diesel', nameZh: '柴油', nameEn: 'Diesel', unit: 't', kind: 'fuel', biogenic: false },
  { id: 'fuel_oil', nameZh: '燃料油', nameEn: 'Fuel oil (heavy oil)', unit: 't', kind: 'fuel', biogenic: false },
  { id: 'coke_oven_gas', nameZh: '焦炉煤气', nameEn: 'Coke-oven gas', unit: 'Nm3', kind: 'fuel', biogenic: false },
  { id: 'steam', nameZh: '蒸汽', nameEn: 'Steam', unit: 't', kind: 'heat', biogenic: false },
  { id: 'hot_water', nameZh: '热水', nameEn: 'Hot water', unit: 'GJ', kind: 'heat', biogenic: false },
  { id: 'biomass', nameZh: '生物质燃料', nameEn: 'Biomass (solid)', unit: 't', kind: 'fuel', biogenic: true },
];

/** Multiplier from a category's unit to the unit per-unit factors are quoted in (kg for t; others as they are). */
export const BASE_UNIT: Record<PhysicalUnit, { unit: string; per: number }> = {
  kWh: { unit: 'kWh', per: 1 },
  t: { unit: 'kg', per: 1000 },
  Nm3: { unit: 'Nm3', per: 1 },
  GJ: { unit: 'GJ', per: 1 },
};
