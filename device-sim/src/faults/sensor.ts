import type { MetricValue } from '#contracts';
import { isActive, type ActiveFault } from './spec.js';

export type MetricsOut = Record<string, MetricValue>;

/** What a sensor fault remembers between readings (the value a stuck sensor repeats, a spike's counter). */
export interface SensorMemory {
  stuck: Map<string, MetricsOut>;
  counts: Map<string, number>;
}
export const newSensorMemory = (): SensorMemory => ({ stuck: new Map(), counts: new Map() });

/**
 * Applies sensor faults to one reading's metrics. Returns undefined when the whole reading drops out.
 * Deterministic: a spike fires on every `every`-th reading since the fault began, not at random.
 */
export function applySensorFaults(
  faults: readonly ActiveFault[],
  ts: number,
  metrics: MetricsOut,
  mem: SensorMemory,
): MetricsOut | undefined {
  let out = metrics;
  for (const f of faults) {
    if (!isActive(f, ts)) {
      if (f.type === 'sensor_stuck') mem.stuck.delete(f.id);
      continue;
    }
    switch (f.type) {
      case 'dropout':
        if (!f.metric) return undefined;
        out = { ...out };
        delete out[f.metric];
        break;
      case 'sensor_stuck': {
        const held = mem.stuck.get(f.id);
        if (!held) {
          mem.stuck.set(f.id, f.metric ? pick(out, f.metric) : { ...out });
          break;
        }
        out = { ...out, ...held };
        break;
      }
      case 'sensor_spike': {
        const n = (mem.counts.get(f.id) ?? 0) + 1;
        mem.counts.set(f.id, n);
        if (n % f.every !== 0) break;
        const names = f.metric ? [f.metric] : Object.keys(out).slice(0, 1);
        out = { ...out };
        for (const m of names)
          if (out[m]) out[m] = { value: Number((out[m].value * f.factor).toPrecision(8)), unit: out[m].unit };
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function pick(m: MetricsOut, name: string): MetricsOut {
  return m[name] ? { [name]: m[name] } : {};
}
