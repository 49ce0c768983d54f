import type { Citation, GradeLevels } from './types.js';

/**
 * GB 18613-2020 / IEC 60034-30-1:2014, 4-pole 50 Hz motors, efficiency at rated load, %.
 * GB grade 3 = IE3 (the legal minimum in China since 2021-06-01), grade 2 = IE4.
 */
const CITE: Citation = {
  standard: 'GB 18613 / IEC 60034-30-1',
  edition: '2020 / 2014',
  table: 'GB 18613-2020 Table 1 (4-pole); IEC 60034-30-1 Tables 2-5',
  confidence: 'confirmed',
  note: 'IE1-IE4 agree across two independent sources; GB grade 3 = IE3, grade 2 = IE4',
};

export interface MotorRow {
  ratedKw: number;
  ie1: number;
  ie2: number;
  ie3: number;
  ie4: number;
  gb: [grade1: number, grade2: number, grade3: number];
}

export const MOTOR_TABLE: MotorRow[] = [
  { ratedKw: 7.5, ie1: 86.0, ie2: 88.7, ie3: 90.4, ie4: 92.6, gb: [94.0, 92.6, 90.4] },
  { ratedKw: 15, ie1: 88.7, ie2: 90.6, ie3: 92.1, ie4: 93.9, gb: [95.1, 93.9, 92.1] },
  { ratedKw: 55, ie1: 92.1, ie2: 93.5, ie3: 94.6, ie4: 95.7, gb: [96.5, 95.7, 94.6] },
  { ratedKw: 110, ie1: 93.3, ie2: 94.5, ie3: 95.4, ie4: 96.3, gb: [97.0, 96.3, 95.4] },
];

/**
 * Grades for a motor rating. Ratings in the table are exact; others are interpolated on log(kW) between the
 * neighbouring rows (clamped at the ends) and flagged unverified, as the full table was not available.
 */
export function motorGrades(ratedKw: number): GradeLevels {
  const exact = MOTOR_TABLE.find((r) => Math.abs(r.ratedKw - ratedKw) < 1e-9);
  if (exact) return levels(exact.gb, CITE);
  const rows = MOTOR_TABLE;
  let lo = rows[0];
  let hi = rows[rows.length - 1];
  for (let i = 0; i < rows.length - 1; i++)
    if (ratedKw >= rows[i].ratedKw && ratedKw <= rows[i + 1].ratedKw) [lo, hi] = [rows[i], rows[i + 1]];
  const x = Math.min(1, Math.max(0, Math.log(ratedKw / lo.ratedKw) / Math.log(hi.ratedKw / lo.ratedKw || 1) || 0));
  const gb = lo.gb.map((v, i) => Number((v + (hi.gb[i] - v) * x).toFixed(2))) as MotorRow['gb'];
  return levels(gb, {
    ...CITE,
    confidence: 'unverified',
    note: `${ratedKw} kW is not in the stored rows: interpolated on log(kW) between ${lo.ratedKw} and ${hi.ratedKw} kW`,
  });
}

function levels(gb: MotorRow['gb'], cite: Citation): GradeLevels {
  return { grade1: gb[0], grade2: gb[1], grade3: gb[2], unit: '%', higherIsBetter: true, cite };
}

/**
 * Part-load efficiency multipliers by load factor: a commonly used field shape, NOT from a standard
 * (0.90 at 25 %, 0.98 at 50 %, 1.00 at 75 %, 0.995 at 100 %), linear between points, flat outside.
 */
export const PART_LOAD_CURVE: ReadonlyArray<readonly [number, number]> = [
  [0.25, 0.9],
  [0.5, 0.98],
  [0.75, 1.0],
  [1.0, 0.995],
];

export const PART_LOAD_CITE: Citation = {
  standard: 'field practice (non-standard)',
  edition: '-',
  table: 'part-load curve 25/50/75/100 %',
  confidence: 'unverified',
};

export function partLoadFactor(beta: number): number {
  const c = PART_LOAD_CURVE;
  if (beta <= c[0][0]) return c[0][1];
  for (let i = 1; i < c.length; i++) {
    const [b1, f1] = c[i];
    if (beta <= b1) {
      const [b0, f0] = c[i - 1];
      return f0 + ((f1 - f0) * (beta - b0)) / (b1 - b0);
    }
  }
  return c[c.length - 1][1];
}
