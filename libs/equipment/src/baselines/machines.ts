import type { Citation, GradeLevels } from './types.js';

/** GB 19153-2019 air compressors: specific power kW/(m³/min) at 0.8 MPa, oil-injected rotary ~200 kW. */
const COMP_CITE: Citation = {
  standard: 'GB 19153',
  edition: '2019',
  table: 'Table 1, oil-injected rotary ≈ 200 kW, 0.8 MPa',
  confidence: 'transcribed',
  note: 'transcribed, unverified; the standard rates specific power at full load',
};

export const COMPRESSOR_TABLE = {
  air: { grade1: 6.0, grade2: 6.5, grade3: 7.2, unit: 'kW/(m³/min)', higherIsBetter: false, cite: COMP_CITE },
  water: { grade1: 5.8, grade2: 6.2, grade3: 6.9, unit: 'kW/(m³/min)', higherIsBetter: false, cite: COMP_CITE },
} satisfies Record<string, GradeLevels>;

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
