import type { DeviceKpi } from './kpis.js';

/**
 * A unit's display state, exceptions first (ISA-101: the display shows what needs attention before what is normal).
 * Pure: the caller passes the time.
 */
export type Status = 'alarm' | 'below' | 'outside' | 'stale' | 'unobservable' | 'normal';
export const STATUS_ORDER: readonly Status[] = ['alarm', 'below', 'outside', 'stale', 'unobservable', 'normal'];
/** Each abnormal state has its own shape, so it reads without colour (colour-blind operators, grey-scale prints). */
export const STATUS_SHAPE: Record<Status, string> = {
  alarm: '▲',
  below: '▼',
  outside: '◆',
  stale: '■',
  unobservable: '○',
  normal: '',
};

/** A device is stale when its newest reading is older than this (or it has sent none). */
export const STALE_MS = 30_000;

/**
 * A grade is shown only for a window the unit's state lets it be graded on: a start-up, a load change or a window
 * with too few readings would otherwise wear a "below grade 3" chip nobody is held to.
 */
export function gradable(k: DeviceKpi): boolean {
  const reason = k.judgement?.reason;
  return reason === undefined || reason === 'LEARNING' || reason === 'OUTSIDE_BASELINE' || reason === 'NO_SPREAD';
}

/**
 * How far the KPI is on the good side of its class limit, in % of the limit: positive is better than the limit,
 * negative worse. Undefined when there is no limit.
 */
export function margin(k: DeviceKpi): number | undefined {
  if (k.limit === undefined || k.limit === 0 || !Number.isFinite(k.value)) return undefined;
  const d = ((k.value - k.limit) / Math.abs(k.limit)) * 100;
  return k.higherIsBetter ? d : -d;
}

/**
 * Below the limit the class check alarms on (the limit at this operating point), on a window that may be judged;
 * the grade is against the standard's levels at design conditions and is shown, not alarmed on. Without a limit,
 * the grade decides.
 */
export function belowLimit(k: DeviceKpi): boolean {
  if (!gradable(k)) return false;
  const m = margin(k);
  return m !== undefined ? m < 0 : k.grade === 'below';
}

/** Standardised residual against the device's own learned baseline beyond which it is shown outside its band. */
export const DRIFT_Z = 3;

export function deviceStatus(o: { lastTs?: number; kpi?: DeviceKpi; alarm: boolean; now: number }): Status {
  if (o.alarm) return 'alarm';
  const k = o.kpi;
  if (k && belowLimit(k)) return 'below';
  if (k && (k.judgement?.status === 'outside_baseline' || Math.abs(k.drift?.z ?? 0) >= DRIFT_Z)) return 'outside';
  if (o.lastTs === undefined || o.now - o.lastTs > STALE_MS) return 'stale';
  if (k && !k.observable) return 'unobservable';
  return 'normal';
}

export const statusRank = (s: Status) => STATUS_ORDER.indexOf(s);
