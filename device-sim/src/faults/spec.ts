import { FAULT_TYPES, isMetricName, type ActiveFault, type FaultSpec, type FaultType } from '#contracts';
import { parseDuration } from '../duration.js';

/**
 * Fault models. Efficiency faults change the physics (the device really gets worse); sensor faults change what
 * the meter reports; transport faults change how and when it is delivered. The shapes live in the contracts.
 */
export { FAULT_TYPES, type FaultType, type FaultSpec, type ActiveFault };
export const EFFICIENCY_FAULTS: readonly FaultType[] = ['efficiency_step', 'degradation'];

const signedDuration = (v: string | number, what: string): number =>
  typeof v === 'string' && v.trim().startsWith('-') ? -parseDuration(v.trim().slice(1), what) : parseDuration(v, what);

/** Resolves a fault spec; throws with every problem listed. `origin` is the run's data-time start. */
export function resolveFault(raw: FaultSpec, origin: number, id: string): ActiveFault {
  const problems: string[] = [];
  const f = (raw ?? {}) as FaultSpec;
  if (!(f.type in FAULT_TYPES)) problems.push(`type must be one of ${Object.keys(FAULT_TYPES).join(', ')}`);
  if (typeof f.device !== 'string' || !f.device) problems.push('device is required');
  const num = (v: unknown, name: string, dflt: number, lo: number, hi: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !(v >= lo && v <= hi)) problems.push(`${name} must be a number in [${lo}, ${hi}]`);
    return v as number;
  };
  const dur = (v: string | number | undefined, name: string, dflt: number, signed = false): number => {
    if (v === undefined) return dflt;
    try {
      return signed ? signedDuration(v, name) : parseDuration(v, name);
    } catch (e) {
      problems.push((e as Error).message);
      return dflt;
    }
  };
  const from = f.atTs ?? origin + dur(f.at, 'at', 0);
  const to = f.until === undefined ? Number.POSITIVE_INFINITY : origin + dur(f.until, 'until', 0);
  if (to <= from) problems.push('until must be after at');
  if (f.metric !== undefined && !isMetricName(f.metric)) problems.push(`unknown metric ${f.metric}`);
  if (f.type === 'efficiency_step' && f.drop === undefined) problems.push('efficiency_step needs drop (e.g. 0.05)');
  if (f.type === 'degradation' && f.perDay === undefined) problems.push('degradation needs perDay (e.g. 0.01)');
  if (f.type === 'clock_skew' && f.skew === undefined) problems.push('clock_skew needs skew (e.g. 10m)');
  if (f.type === 'late' && f.delay === undefined) problems.push('late needs delay (e.g. 10m)');
  if (f.mode !== undefined && !['json', 'schema', 'unit'].includes(f.mode)) problems.push('mode: json, schema or unit');
  const out: ActiveFault = {
    id,
    type: f.type,
    device: f.device,
    plant: f.plant,
    from,
    to,
    drop: num(f.drop, 'drop', 0, 0, 0.95),
    perDay: num(f.perDay, 'perDay', 0, 0, 0.5),
    metric: f.metric,
    factor: num(f.factor, 'factor', 5, -1e6, 1e6),
    every: Math.round(num(f.every, 'every', 1, 1, 1e6)),
    skewMs: dur(f.skew, 'skew', 0, true),
    delayMs: dur(f.delay, 'delay', 0),
    mode: f.mode ?? 'json',
  };
  if (problems.length) throw new Error(`fault ${id} (${f.type ?? '?'} on ${f.device ?? '?'}): ${problems.join('; ')}`);
  return out;
}

export const isActive = (f: ActiveFault, ts: number): boolean => ts >= f.from && ts < f.to;
