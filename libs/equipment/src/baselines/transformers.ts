import type { Citation } from './types.js';

/** GB 20052-2020 (2024 edition changed only a few large ratings), 10 kV distribution transformers, losses in kW. */
const CITE: Citation = {
  standard: 'GB 20052',
  edition: '2020 (2024 amendment: large ratings only)',
  table: 'Tables 1-3, 10 kV, grade 1 / 2 / 3',
  confidence: 'transcribed',
  note: 'transcribed from a public hand-made table of the standard; not checked against the text',
};

export type TransformerType = 'oil' | 'dry';
export type CoreKind = 'silicon' | 'amorphous';

export interface TransformerRow {
  type: TransformerType;
  core: CoreKind;
  ratedKva: number;
  /** no-load loss P0, kW, grade 1 / 2 / 3 */
  p0: [number, number, number];
  /** load loss Pk, kW, grade 1 / 2 / 3 (dry type: class F reference temperature) */
  pk: [number, number, number];
  cite: Citation;
}

export const TRANSFORMER_TABLE: TransformerRow[] = [
  { type: 'oil', core: 'silicon', ratedKva: 630, p0: [0.46, 0.51, 0.57], pk: [4.46, 4.96, 6.2], cite: CITE },
  { type: 'oil', core: 'amorphous', ratedKva: 630, p0: [0.25, 0.32, 0.32], pk: [5.02, 5.3, 6.2], cite: CITE },
  { type: 'oil', core: 'silicon', ratedKva: 1000, p0: [0.665, 0.745, 0.83], pk: [7.415, 8.24, 10.3], cite: CITE },
  { type: 'dry', core: 'silicon', ratedKva: 630, p0: [0.775, 0.91, 1.07], pk: [5.29, 5.29, 5.88], cite: CITE },
  { type: 'dry', core: 'silicon', ratedKva: 1000, p0: [1.02, 1.205, 1.415], pk: [7.315, 7.315, 8.13], cite: CITE },
];

export function transformerRow(type: TransformerType, core: CoreKind, ratedKva: number): TransformerRow | undefined {
  return TRANSFORMER_TABLE.find((r) => r.type === type && r.core === core && Math.abs(r.ratedKva - ratedKva) < 1e-9);
}

/** Measured loss above this multiple of the expected P0 + β²·Pk is a class-check failure (a design choice). */
export const TRANSFORMER_LOSS_MARGIN = 1.1;
