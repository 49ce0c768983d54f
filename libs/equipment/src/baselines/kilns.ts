import type { Citation, GradeLevels } from './types.js';

const ndrc = 'NDRC 2021 高耗能行业重点领域能效标杆水平和基准水平';

/** Specific energy consumption of kilns and furnaces (lower is better): standard grades and NDRC 标杆 / 基准. */
export const KILN_TABLE = {
  cement_clinker: {
    grade1: 100,
    grade2: 107,
    grade3: 117,
    benchmark: 100,
    baseline: 117,
    unit: 'kgce/t',
    higherIsBetter: false,
    cite: { standard: `GB 16780 + ${ndrc}`, edition: '2021', table: 'GB 16780-2021 Table 1', confidence: 'confirmed' },
  },
  blast_furnace_iron: {
    grade1: 361,
    grade2: 370,
    grade3: 415,
    benchmark: 361,
    baseline: 435,
    unit: 'kgce/t',
    higherIsBetter: false,
    cite: { standard: `GB 21256 + ${ndrc}`, edition: '2013 / 2021', table: 'Table 1', confidence: 'unverified' },
  },
  electric_arc_furnace: {
    grade1: 61,
    grade2: 64,
    grade3: 72,
    benchmark: 61,
    baseline: 72,
    unit: 'kgce/t',
    higherIsBetter: false,
    cite: {
      standard: `GB 32050 + ${ndrc}`,
      edition: '2015 / 2021',
      table: '≥ 70 t furnaces (NDRC row: ≥ 50 t)',
      confidence: 'unverified',
    },
  },
} satisfies Record<string, GradeLevels>;

/** Electricity per tonne (kWh/t), where the standard has a separate electricity indicator. */
export const KILN_ELECTRICITY_TABLE = {
  cement_clinker: {
    grade1: 48,
    grade2: 57,
    grade3: 61,
    unit: 'kWh/t',
    higherIsBetter: false,
    cite: { standard: 'GB 16780', edition: '2021', table: 'Table 1 (clinker electricity)', confidence: 'transcribed' },
  },
} satisfies Record<string, GradeLevels>;

export type KilnProduct = keyof typeof KILN_TABLE;

export function kilnGrades(product: string | undefined): GradeLevels | undefined {
  return product && product in KILN_TABLE ? KILN_TABLE[product as KilnProduct] : undefined;
}

export function kilnElectricityGrades(product: string | undefined): GradeLevels | undefined {
  return product && product in KILN_ELECTRICITY_TABLE
    ? KILN_ELECTRICITY_TABLE[product as keyof typeof KILN_ELECTRICITY_TABLE]
    : undefined;
}

/**
 * GB 16780-2021 §5.3: above 1,500 m altitude the grade-3 limit is multiplied by (1.179 − 0.211·P/101325),
 * P the local mean atmospheric pressure in Pa.
 */
export function altitudeFactor(pressurePa: number): number {
  return 1.179 - (0.211 * pressurePa) / 101_325;
}

export const ALTITUDE_CITE: Citation = {
  standard: 'GB 16780',
  edition: '2021',
  table: '§5.3 altitude correction',
  confidence: 'transcribed',
};
