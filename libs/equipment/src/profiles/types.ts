import type { DeviceSpec, EquipmentClass, MetricName } from '#contracts';
import type { EnergyFactors } from '../factors.js';
import type { Citation, Grade, GradeLevels, NdrcLevel } from '../baselines/types.js';
import { gradeOf, ndrcLevelOf } from '../baselines/types.js';

/** The KPI of one device over a window, with its class levels at the same operating point. */
export interface KpiResult {
  value: number;
  unit: string;
  /** load factor (or output ratio) at this operating point, 1 */
  load: number;
  grade?: Grade;
  ndrc?: NdrcLevel;
  /** class levels expressed in the KPI's unit at this operating point */
  levels?: Pick<GradeLevels, 'grade1' | 'grade2' | 'grade3' | 'benchmark' | 'baseline'>;
  higherIsBetter: boolean;
  /** the line the class check holds the KPI to, in the KPI's unit */
  limit?: number;
  /** relative distance beyond the limit: > 0 means worse than the limit */
  shortfall?: number;
  /** the class check applies at this operating point (e.g. compressors are rated at full load) */
  checkable: boolean;
  cite?: Citation;
}

/** A unit's operating state, from its own telemetry (detection keeps the state machine). */
export type OperatingState = 'off' | 'starting' | 'steady' | 'unloaded' | 'transient';

/** What one window's means say about the operating point: running at all, how loaded, and whether unloaded. */
export interface OperatingPoint {
  running: boolean;
  /** load factor or output ratio, 1 */
  load: number;
  /** running without delivering (a compressor's unloaded running): efficiency means nothing here */
  unloaded: boolean;
}

/** How a class moves between states: the time it needs after a start, and what counts as a load change. */
export interface StateRules {
  /** after running resumes, the unit is 'starting' this long (boiler cold start and firing lag, kiln heat-up) */
  settleMs: number;
  /** a change of load (absolute, in load factor) from the recent level beyond this is a transient */
  transientStep: number;
  /** and the unit counts as transient for this long after the change */
  transientHoldMs: number;
}

/**
 * A driver the baseline's coverage is tracked on: index into x and the width of one cell. A window whose cell
 * was not seen while learning is 'outside baseline' (not judged) until the cell has been learned.
 */
export interface RangeDriver {
  index: number;
  name: string;
  bin: number;
}

/**
 * How detection sees a class: per-reading channels summed over a window, then the KPI and the drift model
 * (energy input y against drivers x, ISO 50006 style) from the window means. Built once per device.
 */
export interface ClassProfile {
  cls: EquipmentClass;
  kpiName: { en: string; zh: string };
  channels: readonly string[];
  /** adds this reading's channel values to `sums` at `offset`; false when the reading cannot be used */
  add(m: Partial<Record<MetricName, number>>, ts: number, sums: number[], offset: number): boolean;
  kpi(means: readonly number[]): KpiResult;
  /**
   * drivers x (x[0] = 1) into `x` and the window's coordinates on the `range` drivers into `p`; returns the
   * energy input y, or NaN when there is nothing to judge
   */
  drift(means: readonly number[], x: number[], p: number[]): number;
  driverNames: readonly string[];
  /** reason the reading is physically impossible, or undefined */
  impossible(m: Partial<Record<MetricName, number>>): string | undefined;
  /** class check: window length (in aggregation windows) over which the KPI is judged */
  checkWindows: number;
  /** shortfall beyond which a class alert is high priority rather than medium */
  highShortfall: number;
  /** metrics watched for stuck values (not those that are constant by nature, like a configured NCV) */
  watch: readonly MetricName[];
  /** the window's operating point (its state is kept by detection from a sequence of these) */
  operating(means: readonly number[]): OperatingPoint;
  states: StateRules;
  /** drivers (by index into x) the baseline's coverage of operating points is tracked on, at most two */
  range: readonly RangeDriver[];
  /**
   * Whether the class's efficiency can be observed from what the meters send; when not, why (a reason code)
   * and the KPI shown is a measured quantity, never an assumed efficiency.
   */
  observable: true | NotObservable;
  /**
   * The class check's own period when the standard's figure is defined over a statistical period (kilns: a
   * year), instead of the rolling window: the KPI's totals (numerator, denominator) from a window's means.
   */
  period?: {
    unit: 'year' | 'month';
    totals(means: readonly number[]): [number, number];
    /** the period's figure (numerator / denominator) against the class levels */
    judge(value: number): KpiResult;
  };
}

export type NotObservable = 'INPUT_POWER_ONLY';

export interface ProfileOptions {
  factors: EnergyFactors;
}

export type ProfileFactory = (d: DeviceSpec, o: ProfileOptions) => ClassProfile;

/** Grades and NDRC level of a value, with the shortfall against `limit`. */
export function judge(
  value: number,
  load: number,
  g: GradeLevels | undefined,
  unit: string,
  higherIsBetter: boolean,
  limit: number | undefined,
  checkable: boolean,
): KpiResult {
  const r: KpiResult = { value, unit, load, higherIsBetter, checkable };
  if (!g) return r;
  r.levels = { grade1: g.grade1, grade2: g.grade2, grade3: g.grade3, benchmark: g.benchmark, baseline: g.baseline };
  r.grade = gradeOf(value, g);
  r.ndrc = ndrcLevelOf(value, g);
  r.cite = g.cite;
  if (limit !== undefined && Number.isFinite(value)) {
    r.limit = limit;
    r.shortfall = higherIsBetter ? (limit - value) / limit : (value - limit) / limit;
  }
  return r;
}

/** Scales every level by a factor (e.g. a motor's part-load curve). */
export function scaleLevels(g: GradeLevels, f: number): GradeLevels {
  const s = (v: number | undefined) => (v === undefined ? undefined : v * f);
  return { ...g, grade1: s(g.grade1), grade2: s(g.grade2), grade3: s(g.grade3) };
}
