/**
 * A baseline figure as data: the value and where it comes from, so a plant engineer can check and replace it.
 * `confidence`:
 * - confirmed: the same figure in two independent sources (or read from the standard's text);
 * - transcribed: copied from one secondary transcription of the standard's table, not checked against the text;
 * - derived: computed by a stated rule from table values (interpolation between rows), not a figure of the standard;
 * - recalled: from memory or an unsourced secondary mention, no table at hand;
 * - unverified: not checked at all (e.g. a value the plant entered).
 * Anything not `confirmed` is shown with an "unverified baseline" marker in the console.
 */
export type Confidence = 'confirmed' | 'transcribed' | 'derived' | 'recalled' | 'unverified';

const RANK: Record<Confidence, number> = { confirmed: 4, transcribed: 3, derived: 2, recalled: 1, unverified: 0 };

/** The weaker of two confidences: a figure built from several values is only as sure as the least sure one. */
export const weakest = (...c: Confidence[]): Confidence => c.reduce((a, b) => (RANK[b] < RANK[a] ? b : a));

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

/**
 * Why a nameplate has no row in the tables: found when the fleet is loaded or a device is saved, never silently
 * turned into "no grade". Each code is something a plant engineer can fix on the nameplate.
 */
export const NAMEPLATE_REASONS = {
  NAMEPLATE_MISSING: 'a nameplate field the class table needs is missing',
  NAMEPLATE_UNKNOWN_TYPE: 'the nameplate names a type the standard has no table for',
  NAMEPLATE_OUT_OF_RANGE: "the rating is outside the standard's table",
  NAMEPLATE_NOT_ENCODED: 'the standard has this row but the project has not encoded it yet',
} as const;
export type NameplateReason = keyof typeof NAMEPLATE_REASONS;

export interface NameplateProblem {
  reason: NameplateReason;
  detail: string;
}

/** A table lookup: the row's levels, or why there is none. */
export type Lookup<T> = { ok: true; value: T } | { ok: false; problem: NameplateProblem };

export const found = <T>(value: T): Lookup<T> => ({ ok: true, value });
export const noRow = <T>(reason: NameplateReason, detail: string): Lookup<T> => ({
  ok: false,
  problem: { reason, detail },
});

/** The value of a lookup, or a thrown error naming the reason: for callers that checked the fleet first. */
export function valueOf<T>(l: Lookup<T>): T {
  if (l.ok) return l.value;
  throw new RangeError(`${l.problem.reason}: ${l.problem.detail}`);
}

/** Linear interpolation of `y` at `x` between (x0, y0) and (x1, y1). */
export const lerp = (x: number, x0: number, x1: number, y0: number, y1: number): number =>
  x1 === x0 ? y0 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
