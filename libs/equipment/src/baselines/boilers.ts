import type { Citation, GradeLevels } from './types.js';

/** GB 24500-2020 industrial boilers, thermal efficiency %, grade 1 / 2 / 3 (direct method, GB/T 10180-2017). */
const CITE: Citation = {
  standard: 'GB 24500',
  edition: '2020',
  table: 'Table 1 (thermal efficiency grades)',
  confidence: 'transcribed',
  note: 'transcribed table, unverified against the text',
};

const g = (grade1: number, grade2: number, grade3: number, note?: string): GradeLevels => ({
  grade1,
  grade2,
  grade3,
  unit: '%',
  higherIsBetter: true,
  cite: note ? { ...CITE, note: `${CITE.note}; ${note}` } : CITE,
});

export const BOILER_TABLE = {
  stoker_coal_le20: g(87, 84, 82, 'stoker-fired, bituminous III, ≤ 20 t/h'),
  stoker_coal_gt20: g(89, 86, 84, 'stoker-fired, bituminous III, > 20 t/h'),
  cfb: g(91, 90, 88, 'circulating fluidised bed, bituminous III'),
  pulverised_coal: g(92, 90, 88),
  gas_non_condensing: g(96, 94, 92),
  gas_condensing: g(103, 101, 98, 'net heating value basis'),
  oil: g(95, 93, 90),
  biomass_gt10: g(91, 88, 86, 'biomass > 10 t/h'),
  electric: { grade3: 97, unit: '%', higherIsBetter: true, cite: { ...CITE, note: 'limit value ≥ 97 %' } },
} satisfies Record<string, GradeLevels>;

export type BoilerKey = keyof typeof BOILER_TABLE;

/** Picks the row from the nameplate: `boilerType` may name a row directly, or 'stoker_coal' + ratedOutputTph. */
export function boilerGrades(
  boilerType: string | undefined,
  ratedOutputTph: number | undefined,
): GradeLevels | undefined {
  if (!boilerType) return undefined;
  if (boilerType in BOILER_TABLE) return BOILER_TABLE[boilerType as BoilerKey];
  if (boilerType === 'stoker_coal')
    return (ratedOutputTph ?? 0) > 20 ? BOILER_TABLE.stoker_coal_gt20 : BOILER_TABLE.stoker_coal_le20;
  if (boilerType === 'biomass' && (ratedOutputTph ?? 0) > 10) return BOILER_TABLE.biomass_gt10;
  return undefined;
}
