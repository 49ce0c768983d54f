import { compressorGrades } from './compressors.js';
import type { Citation, GradeLevels } from './types.js';

/**
 * GB 19153-2019 air compressors at the reference point BASELINES.md names (oil-injected rotary, 200 kW, 0.8 MPa),
 * kept for callers that grade by cooling only; `compressorLookup` (compressors.ts) grades by the full nameplate.
 */
const ref = (cooling: string) =>
  compressorGrades({ kind: 'oil_injected_rotary', ratedKw: 200, pressureMpa: 0.8, cooling })!;
export const COMPRESSOR_TABLE = { air: ref('air'), water: ref('water') } satisfies Record<string, GradeLevels>;

/** GB 19761-2020 fans: efficiency %, needs a pressure measurement to evaluate. */
const FAN_CITE: Citation = { standard: 'GB 19761', edition: '2020', table: 'Table 1', confidence: 'transcribed' };
export const FAN_TABLE = {
  centrifugal: { grade1: 86, grade2: 81, grade3: 75, unit: '%', higherIsBetter: true, cite: FAN_CITE },
  axial: { grade1: 81, grade2: 77, grade3: 66, unit: '%', higherIsBetter: true, cite: FAN_CITE },
} satisfies Record<string, GradeLevels>;

/**
 * GB 19762 pumps: the limit depends on specific speed and no table was verified, so the plant enters the value
 * from the pump's data sheet (`nameplate.minEfficiency`, wire-to-water %); it is always shown unverified.
 */
export function pumpGrades(minEfficiency: number | undefined): GradeLevels | undefined {
  if (minEfficiency === undefined) return undefined;
  return {
    grade3: minEfficiency,
    unit: '%',
    higherIsBetter: true,
    cite: {
      standard: 'GB 19762 (value entered by the plant)',
      edition: '2007',
      table: 'nameplate.minEfficiency',
      confidence: 'unverified',
    },
  };
}
