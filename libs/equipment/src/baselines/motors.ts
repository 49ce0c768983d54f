import { found, lerp, noRow, valueOf, type Citation, type GradeLevels, type Lookup } from './types.js';

/**
 * GB 18613-2020 《电动机能效限定值及能效等级》 Table 1: three-phase induction motors, 50 Hz, 0.12-1000 kW, 2/4/6/8
 * poles, efficiency at rated load, %, grades 1 / 2 / 3 (grade 3 = IE3 of IEC 60034-30-1:2014, the legal minimum in
 * China since 2021-06-01; grade 2 = IE4).
 *
 * API (stable):
 * - `motorLookup(ratedKw, poles)` → `Lookup<GradeLevels>`: the row, or a NameplateProblem (poles not 2/4/6/8, rating
 *   outside 0.12-1000 kW). A rating between two rows is interpolated linearly in log(kW) between them and cited
 *   `derived` (see `motorLookup`).
 * - `motorGrades(ratedKw, poles = 4)` → `GradeLevels`; throws RangeError where `motorLookup` has no row.
 * - `MOTOR_TABLE`: the rows, for tests and the console.
 *
 * Source: one machine-readable transcription of Table 1 (page 4 of the standard) in a public repository; the four
 * 4-pole rows of BASELINES.md (7.5, 15, 55, 110 kW, all three grades) agree with it figure for figure, so those rows
 * are `confirmed` and the rest `transcribed`.
 */
export const MOTOR_POLES = [2, 4, 6, 8] as const;
export type MotorPoles = (typeof MOTOR_POLES)[number];

export interface MotorRow {
  ratedKw: number;
  /** efficiency %, indexed by grade (0 = grade 1) then pole column (0 = 2 poles, 1 = 4, 2 = 6, 3 = 8) */
  grades: [g1: number[], g2: number[], g3: number[]];
}

type RawRow = [kw: number, g1: number[], g2: number[], g3: number[]];
// prettier-ignore
const RAW: RawRow[] = [
  [0.12, [71.4, 74.3, 69.8, 67.4], [66.5, 69.8, 64.9, 62.3], [60.8, 64.8, 57.7, 50.7]],
  [0.18, [75.2, 78.7, 74.6, 71.9], [70.8, 74.7, 70.1, 67.2], [65.9, 69.9, 63.9, 58.7]],
  [0.2, [76.2, 79.6, 75.7, 73.0], [71.9, 75.8, 71.4, 68.4], [67.2, 71.1, 65.4, 60.6]],
  [0.25, [78.3, 81.5, 78.1, 75.2], [74.3, 77.9, 74.1, 70.8], [69.7, 73.5, 68.6, 64.1]],
  [0.37, [81.7, 84.3, 81.6, 78.4], [78.1, 81.1, 78.0, 74.3], [73.8, 77.3, 73.5, 69.3]],
  [0.4, [82.3, 84.8, 82.2, 78.9], [78.9, 81.7, 78.7, 74.9], [74.6, 78.0, 74.4, 70.1]],
  [0.55, [84.6, 86.7, 84.2, 80.6], [81.5, 83.9, 80.9, 77.0], [77.8, 80.8, 77.2, 73.0]],
  [0.75, [86.3, 88.2, 85.7, 82.0], [83.5, 85.7, 82.7, 78.4], [80.7, 82.5, 78.9, 75.0]],
  [1.1, [87.8, 89.5, 87.2, 84.0], [85.2, 87.2, 84.5, 80.8], [82.7, 84.1, 81.0, 77.7]],
  [1.5, [88.9, 90.4, 88.4, 85.5], [86.5, 88.2, 85.9, 82.6], [84.2, 85.3, 82.5, 79.7]],
  [2.2, [90.2, 91.4, 89.7, 87.2], [88.0, 89.5, 87.4, 84.5], [85.9, 86.7, 84.3, 81.9]],
  [3, [91.1, 92.1, 90.6, 88.4], [89.1, 90.4, 88.6, 85.9], [87.1, 87.7, 85.6, 83.5]],
  [4, [91.8, 92.8, 91.4, 89.4], [90.0, 91.1, 89.5, 87.1], [88.1, 88.6, 86.8, 84.8]],
  [5.5, [92.6, 93.4, 92.2, 90.4], [90.9, 91.9, 90.5, 88.3], [89.2, 89.6, 88.0, 86.2]],
  [7.5, [93.3, 94.0, 92.9, 91.3], [91.7, 92.6, 91.3, 89.3], [90.1, 90.4, 89.1, 87.3]],
  [11, [94.0, 94.6, 93.7, 92.2], [92.6, 93.3, 92.3, 90.4], [91.2, 91.4, 90.3, 88.6]],
  [15, [94.5, 95.1, 94.3, 92.9], [93.3, 93.9, 92.9, 91.2], [91.9, 92.1, 91.2, 89.6]],
  [18.5, [94.9, 95.3, 94.6, 93.3], [93.7, 94.2, 93.4, 91.7], [92.4, 92.6, 91.7, 90.1]],
  [22, [95.1, 95.5, 94.9, 93.6], [94.0, 94.5, 93.7, 92.1], [92.7, 93.0, 92.2, 90.6]],
  [30, [95.5, 95.9, 95.3, 94.1], [94.5, 94.9, 94.2, 92.7], [93.3, 93.6, 92.9, 91.3]],
  [37, [95.8, 96.1, 95.6, 94.4], [94.8, 95.2, 94.5, 93.1], [93.7, 93.9, 93.3, 91.8]],
  [45, [96.0, 96.3, 95.8, 94.7], [95.0, 95.4, 94.8, 93.4], [94.0, 94.2, 93.7, 92.2]],
  [55, [96.2, 96.5, 96.0, 94.9], [95.3, 95.7, 95.1, 93.7], [94.3, 94.6, 94.1, 92.5]],
  [75, [96.5, 96.7, 96.3, 95.3], [95.6, 96.0, 95.4, 94.2], [94.7, 95.0, 94.6, 93.1]],
  [90, [96.6, 96.9, 96.5, 95.5], [95.8, 96.1, 95.6, 94.4], [95.0, 95.2, 94.9, 93.4]],
  [110, [96.8, 97.0, 96.6, 95.7], [96.0, 96.3, 95.8, 94.7], [95.2, 95.4, 95.1, 93.7]],
  [132, [96.9, 97.1, 96.8, 95.9], [96.2, 96.4, 96.0, 94.9], [95.4, 95.6, 95.4, 94.0]],
  [160, [97.0, 97.2, 96.9, 96.1], [96.3, 96.6, 96.2, 95.1], [95.6, 95.8, 95.6, 94.3]],
  [200, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.3, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [250, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.5, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [280, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [315, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [355, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [400, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [450, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [500, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [560, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [630, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [710, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [800, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [900, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
  [1000, [97.2, 97.4, 97.0, 96.3], [96.5, 96.7, 96.6, 95.4], [95.8, 96.0, 95.8, 94.6]],
];

export const MOTOR_TABLE: MotorRow[] = RAW.map(([ratedKw, g1, g2, g3]) => ({ ratedKw, grades: [g1, g2, g3] }));

const CITE = {
  standard: 'GB 18613',
  edition: '2020',
  table: 'Table 1 (三相异步电动机能效等级)',
};

/** rows agreeing with BASELINES.md figure for figure (4 poles, grades 1-3) */
const CROSS_CHECKED_4P = new Set([7.5, 15, 55, 110]);

const cite = (row: MotorRow, poles: MotorPoles): Citation => {
  const confirmed = poles === 4 && CROSS_CHECKED_4P.has(row.ratedKw);
  return {
    ...CITE,
    table: `${CITE.table}, ${row.ratedKw} kW, ${poles} poles`,
    confidence: confirmed ? 'confirmed' : 'transcribed',
    note: confirmed
      ? 'two independent transcriptions agree; grade 3 = IE3, grade 2 = IE4 (IEC 60034-30-1:2014)'
      : 'one transcription of the table, not checked against the text; grade 3 = IE3, grade 2 = IE4',
  };
};

const levels = (row: MotorRow, col: number, c: Citation): GradeLevels => ({
  grade1: row.grades[0][col],
  grade2: row.grades[1][col],
  grade3: row.grades[2][col],
  unit: '%',
  higherIsBetter: true,
  cite: c,
});

const ratingTolerance = (kw: number) => 1e-6 * Math.max(1, kw);

/**
 * Grades of a motor of `ratedKw` and `poles`. Ratings listed in Table 1 return their row. A rating between two
 * rows (e.g. 160 < 185 < 200 kW) is interpolated linearly in log(kW) between the neighbouring rows and cited
 * `derived`: the transcription used does not carry the standard's rule for intermediate ratings (IEC 60034-30-1
 * gives an interpolation formula for 50 Hz; its coefficients are not encoded here). Ratings outside
 * 0.12-1000 kW and pole counts other than 2/4/6/8 have no row.
 */
export function motorLookup(ratedKw: number, poles: number): Lookup<GradeLevels> {
  const col = MOTOR_POLES.indexOf(poles as MotorPoles);
  if (col < 0) return noRow('NAMEPLATE_UNKNOWN_TYPE', `GB 18613-2020 Table 1 covers 2, 4, 6 and 8 poles, not ${poles}`);
  if (!Number.isFinite(ratedKw)) return noRow('NAMEPLATE_MISSING', 'motor needs ratedKw');
  const first = MOTOR_TABLE[0];
  const last = MOTOR_TABLE[MOTOR_TABLE.length - 1];
  if (ratedKw < first.ratedKw - ratingTolerance(ratedKw) || ratedKw > last.ratedKw + ratingTolerance(ratedKw))
    return noRow(
      'NAMEPLATE_OUT_OF_RANGE',
      `GB 18613-2020 Table 1 covers ${first.ratedKw}-${last.ratedKw} kW, not ${ratedKw} kW`,
    );
  const p = poles as MotorPoles;
  const exact = MOTOR_TABLE.find((r) => Math.abs(r.ratedKw - ratedKw) <= ratingTolerance(ratedKw));
  if (exact) return found(levels(exact, col, cite(exact, p)));
  const hi = MOTOR_TABLE.findIndex((r) => r.ratedKw > ratedKw);
  const [a, b] = [MOTOR_TABLE[hi - 1], MOTOR_TABLE[hi]];
  const x = Math.log(ratedKw);
  const at = (g: number) =>
    Number(lerp(x, Math.log(a.ratedKw), Math.log(b.ratedKw), a.grades[g][col], b.grades[g][col]).toFixed(2));
  const row: MotorRow = { ratedKw, grades: [[], [], []] };
  for (let g = 0; g < 3; g++) row.grades[g][col] = at(g);
  return found(
    levels(row, col, {
      ...CITE,
      table: `${CITE.table}, between ${a.ratedKw} and ${b.ratedKw} kW, ${p} poles`,
      confidence: 'derived',
      note: `${ratedKw} kW is not a row of the table: interpolated linearly in log(kW) between its neighbours`,
    }),
  );
}

/** Grades of a motor; `poles` defaults to 4 (the most common, and what the earlier tables assumed). */
export function motorGrades(ratedKw: number, poles: number = 4): GradeLevels {
  return valueOf(motorLookup(ratedKw, poles));
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
