import type { AlertKind, AlertPriority, DeviceSpec, Judgement, OperatingState } from '#contracts';
import type { ClassProfile, KpiResult } from '#equipment';
import type { DetectionParams } from './params.js';

/** Everything fixed for one device: derived from its nameplate and the parameters, rebuilt after a restart. */
export interface DetectorContext {
  device: DeviceSpec;
  profile: ClassProfile;
  params: DetectionParams;
  baselineVersion: string;
}

export type RuleId =
  | `class.${string}`
  | 'drift.cusum'
  | 'dq.gap'
  /** no reading received for longer than the gap, seen by a wall-clock ticker (silence.ts) */
  | 'dq.silent'
  | 'dq.stuck'
  | 'dq.impossible'
  /** a parent meter's balance against its sub-meters left its band on a closed day (the ledger's meter tree) */
  | 'ledger.balance';

export interface OpenEvent {
  type: 'open';
  rule: RuleId;
  kind: Exclude<AlertKind, 'flood'>;
  priority: AlertPriority;
  /** data time the condition started */
  ts: number;
  message: { en: string; zh: string };
  evidence: Record<string, unknown>;
  unverifiedBaseline?: boolean;
}

export interface ClearEvent {
  type: 'clear';
  rule: RuleId;
  ts: number;
  evidence?: Record<string, unknown>;
}

/** The KPI over the last aggregation window, and the drift model's view of it. */
export interface KpiEvent {
  type: 'kpi';
  ts: number;
  kpi: KpiResult;
  drift: { phase: DriftPhase; z?: number; cusum?: number };
  state: OperatingState;
  judgement: Judgement;
}

export type DetectionEvent = OpenEvent | ClearEvent | KpiEvent;

export type DriftPhase = 'fit' | 'calibrate' | 'monitor';

/** One CUSUM chart on a time scale. Plain numbers only: the whole state is JSON. */
export interface ScaleState {
  /** start of the chart sample being aggregated, -1 none */
  start: number;
  n: number;
  sum: number;
  /** calibration: Welford count, mean, M2 */
  cn: number;
  cmean: number;
  cm2: number;
  /** learned bias and spread of this scale's samples (sigma 0 = scale not usable) */
  bias: number;
  sigma: number;
  cusum: number;
  /** chart samples since the CUSUM was last zero */
  run: number;
}

export interface DeviceState {
  v: 2;
  lastTs: number;
  /** readings ignored because they were older than the newest one */
  outOfOrder: number;
  win: { start: number; n: number; sums: number[] };
  /** class check: last `checkWindows` windows' sums, counts and the ring position */
  ring: { sums: number[]; n: number[]; pos: number; filled: number };
  /** operating state machine */
  op: {
    state: OperatingState;
    /** data time running last resumed, and of the last window seen */
    startedAt: number;
    lastWindow: number;
    /** recent load level (EWMA over running windows) a transient is measured against */
    loadRef: number;
    transientUntil: number;
    /** steadiness test: fast and slow EWMA of the output/input ratio, and whether it has settled since the last
     * start or load change (absent in state saved by an older version: treated as settled) */
    rFast?: number;
    rSlow?: number;
    /** windows the ratio levels have seen since the last start */
    rN?: number;
    settled?: boolean;
    /** settled at least once since the last start (until then the unit is starting) */
    warm?: boolean;
  };
  cls: { open: boolean; since: number; clearSince: number };
  /** class check over a statistical period (kilns): totals of the open period */
  period: { start: number; num: number; den: number; windows: number; open: boolean };
  drift: {
    phase: DriftPhase;
    /** steady windows counted in the current learning phase (operating data, not calendar time) */
    phaseN: number;
    fitN: number;
    xtx: number[];
    xty: number[];
    coef: number[];
    scales: ScaleState[];
    open: boolean;
    ewma: number;
    clearSince: number;
    /** last residuals (relative), newest last, kept as evidence */
    recent: number[];
    /** data time the coefficients were learned up to */
    learnedAt: number;
    /** coverage: learned windows per operating-point cell ("i,j" on the profile's range drivers) */
    cells: Record<string, number>;
    /** windows seen per cell not yet learned: at `extendWindows` the cell joins the fit */
    pending: Record<string, number>;
    /** how often the fit was extended to a new cell */
    extN: number;
  };
  dq: {
    last: number[];
    repeat: number[];
    repeatSince: number[];
    stuckOpen: boolean;
    gapOpen: boolean;
    gapSince: number;
    impossibleTs: number[];
    impossibleOpen: boolean;
    lastImpossible: number;
    lastReason: string;
  };
}

export interface StepResult {
  events: DetectionEvent[];
  state: DeviceState;
}
