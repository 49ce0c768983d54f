import type { EquipmentClass } from './equipment-classes.js';

/** A unit's operating state, from its own telemetry. */
export type OperatingState = 'off' | 'starting' | 'steady' | 'unloaded' | 'transient';
export const OPERATING_STATES: readonly OperatingState[] = ['off', 'starting', 'steady', 'unloaded', 'transient'];

/**
 * Whether detection judged the device's efficiency at this window and, when not, why. Nothing is switched off
 * silently: every window that is not judged carries a reason code.
 */
export type JudgementStatus = 'judged' | 'learning' | 'outside_baseline' | 'not_judged' | 'not_observable';
export const JUDGEMENT_REASONS = {
  OFF: 'the unit is off',
  STARTING: 'the unit is starting up (cold start, heat-up): efficiency is not judged until it has settled',
  TRANSIENT: 'the load is changing: efficiency is judged again once the unit has settled',
  UNLOADED: 'running unloaded: no output to judge efficiency on',
  LEARNING: 'the baseline is learning from operating data',
  OUTSIDE_BASELINE: 'an operating point the baseline was not learned on: it is learning it now',
  NO_SPREAD: 'the baseline has no usable spread of residuals: re-learn it',
  INPUT_POWER_ONLY:
    'efficiency cannot be observed from input power alone (a loss looks like more load): configure a metered process driver',
  NO_DATA: 'too few usable readings in the window',
} as const;
export type JudgementReason = keyof typeof JUDGEMENT_REASONS;

export interface Judgement {
  status: JudgementStatus;
  reason?: JudgementReason;
  /** while learning: share of the operating data needed that has been seen, 0..1 */
  progress?: number;
}

/** A device's efficiency KPI as the console shows it (socket.io `kpis`, REST /api/kpis). */
export interface DeviceKpi {
  plantId: string;
  deviceId: string;
  class: EquipmentClass;
  /** data time of the end of the window the KPI covers */
  ts: number;
  name: { en: string; zh: string };
  value: number;
  unit: string;
  /** grade at this operating point: 1 best, 3 the legal minimum, 'below' worse than grade 3 */
  grade?: 1 | 2 | 3 | 'below';
  /** NDRC level where it applies: 标杆 benchmark, 基准 baseline, or below 基准 */
  ndrc?: 'benchmark' | 'baseline' | 'below';
  /** the class limit at this operating point, in `unit` */
  limit?: number;
  levels?: { grade1?: number; grade2?: number; grade3?: number; benchmark?: number; baseline?: number };
  higherIsBetter: boolean;
  /** the baseline figures are not confirmed against the standard's text */
  unverified: boolean;
  citation?: string;
  /** the device's own learned baseline: learning, or monitoring with the latest standardised residual */
  drift: { phase: 'fit' | 'calibrate' | 'monitor'; z?: number };
  /** operating state at this window, from the unit's own telemetry */
  state: OperatingState;
  /** whether efficiency was judged at this window, and why not */
  judgement: Judgement;
  /**
   * false when the class's efficiency cannot be observed from the meters (a motor with input power only): the KPI
   * is then a measured quantity (input power, or specific energy against a process driver), never an assumed
   * efficiency
   */
  observable: boolean;
  /** energy use and CO₂ rate at the latest reading */
  energy?: { kgcePerH: number; kgCo2PerH: number };
}

/** A plant's alarm flood began or ended (ISA-18.2: > 10 new alerts in 10 minutes; ends below 5). */
export interface FloodEvent {
  plantId: string;
  active: boolean;
  /** wall-clock time, epoch ms */
  at: number;
  /** new alerts in the last 10 minutes */
  count: number;
}

/** One entry of the detection audit log (re-learn actions). */
export interface DetectionAuditEntry {
  action: 'relearn';
  plantId: string;
  deviceId: string;
  by: string;
  reason: string;
  /** wall-clock time, epoch ms */
  at: number;
}

/**
 * The plant's equipment register finding for one unit: its nameplate grade against the class standard (an
 * inventory fact, not a live alarm; a motor's IE class against GB 18613).
 */
export interface RegisterEntry {
  plantId: string;
  deviceId: string;
  class: EquipmentClass;
  /** what was graded, e.g. 'rated efficiency 94.5 %' */
  basis: string;
  grade?: 1 | 2 | 3 | 'below';
  /** the graded figure (e.g. the rated efficiency) and its unit */
  value?: number;
  unit?: string;
  /** the legal minimum (grade 3) it was compared with, in the same unit */
  limit?: number;
  finding: 'meets' | 'below_minimum' | 'not_graded';
  citation?: string;
  unverified: boolean;
}

/** Shelving is limited in time (ISA-18.2): the longest a user may shelve an alert. */
export const MAX_SHELVE_MS = 24 * 3_600_000;
