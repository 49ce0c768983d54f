import { isActive, type ActiveFault } from './spec.js';

const DAY_MS = 86_400_000;

/**
 * Efficiency multiplier from the device's efficiency faults at data time `ts` (1 = as new). Steps multiply;
 * degradation grows linearly with data time since it started and stops growing when the fault ends.
 */
export function healthAt(faults: readonly ActiveFault[], ts: number): number {
  let h = 1;
  for (const f of faults) {
    if (ts < f.from) continue;
    if (f.type === 'efficiency_step' && isActive(f, ts)) h *= 1 - f.drop;
    if (f.type === 'degradation') {
      const days = (Math.min(ts, f.to) - f.from) / DAY_MS;
      h *= Math.max(0.05, 1 - f.perDay * days);
    }
  }
  return h;
}
