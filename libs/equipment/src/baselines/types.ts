/**
 * A baseline figure as data: the value and where it comes from, so a plant engineer can check and replace it.
 * `confidence`: confirmed = agrees across independent sources or read from the text; transcribed = copied from a
 * secondary table, not checked against the standard's text; unverified = not checked at all, or interpolated.
 * Anything not `confirmed` is shown with an "unverified baseline" marker in the console.
 */
export type Confidence = 'confirmed' | 'transcribed' | 'unverified';

export interface Citation {
  standard: string;
  edition: string;
  table: string;
  confidence: Confidence;
  note?: string;
}

/** Grades 1 / 2 / 3 (grade 1 best, grade 3 the legal minimum) and, where NDRC levels apply, 标杆 / 基准. */
export interface GradeLevels {
  grade1?: number;
  grade2?: number;
  grade3?: number;
  /** NDRC 2021 标杆 (benchmark) level */
  benchmark?: number;
  /** NDRC 2021 基准 (baseline) level: the floor every unit must reach by 2025 */
  baseline?: number;
  unit: string;
  /** true when a higher value is better (efficiency), false for consumption figures (kgce/t, kW/(m³/min)) */
  higherIsBetter: boolean;
  cite: Citation;
}

/** Level of a value against a set of grades: 1, 2, 3 or 'below' (worse than grade 3). */
export type Grade = 1 | 2 | 3 | 'below';

export function gradeOf(value: number, g: GradeLevels): Grade | undefined {
  const better = (a: number, limit: number | undefined) =>
    limit !== undefined && (g.higherIsBetter ? a >= limit - 1e-9 : a <= limit + 1e-9);
  if (g.grade3 === undefined && g.grade2 === undefined && g.grade1 === undefined) return undefined;
  if (better(value, g.grade1)) return 1;
  if (better(value, g.grade2)) return 2;
  if (better(value, g.grade3)) return 3;
  return 'below';
}

/** NDRC level of a value: 'benchmark' (标杆), 'baseline' (基准) or 'below' (below 基准). */
export type NdrcLevel = 'benchmark' | 'baseline' | 'below';

export function ndrcLevelOf(value: number, g: GradeLevels): NdrcLevel | undefined {
  if (g.baseline === undefined) return undefined;
  const ok = (limit: number) => (g.higherIsBetter ? value >= limit - 1e-9 : value <= limit + 1e-9);
  if (g.benchmark !== undefined && ok(g.benchmark)) return 'benchmark';
  return ok(g.baseline) ? 'baseline' : 'below';
}

export const isVerified = (c: Citation): boolean => c.confidence === 'confirmed';
