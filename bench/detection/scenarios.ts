import { toCanonical, isMetricName, type DeviceSpec, type MetricName, type Reading } from '#contracts';
import { SimDevice } from '#device-sim';

/**
 * Labelled scenarios for the detection harness, generated in data time with the simulator's physics: a device's
 * `health` multiplier is its efficiency (0.95 = a 5 % drop), sensor faults are applied to the readings a meter
 * would send.
 */
export type Fault =
  | { type: 'healthy' }
  | { type: 'step'; drop: number }
  | { type: 'drift'; perDay: number }
  | { type: 'stuck' }
  | { type: 'gaps' }
  | { type: 'impossible' };

export interface Scenario {
  device: DeviceSpec;
  fault: Fault;
  /** data time of the first reading */
  start: number;
  /** healthy learning period before the test period (fit + calibration) */
  learnMs: number;
  /** test period; the fault starts at start + learnMs + onsetMs */
  testMs: number;
  onsetMs: number;
  intervalMs: number;
  seed: number;
}

export const isEfficiencyFault = (f: Fault) => f.type === 'step' || f.type === 'drift';

export function toReading(
  spec: DeviceSpec,
  ts: number,
  metrics: Record<string, { value: number; unit: string }>,
): Reading {
  const m: Partial<Record<MetricName, number>> = {};
  for (const [k, v] of Object.entries(metrics)) {
    if (!isMetricName(k)) continue;
    const c = toCanonical(k, v.value, v.unit);
    if (c !== undefined) m[k] = c;
  }
  return { plantId: spec.plantId, deviceId: spec.id, class: spec.class, ts, metrics: m };
}

/** Yields the scenario's readings in time order. */
export function* readings(sc: Scenario): Generator<Reading> {
  const sim = new SimDevice(sc.device, sc.seed, 'eval');
  const onset = sc.start + sc.learnMs + sc.onsetMs;
  const end = sc.start + sc.learnMs + sc.testMs;
  const f = sc.fault;
  let frozen: Reading | undefined;
  for (let ts = sc.start; ts < end; ts += sc.intervalMs) {
    const after = ts >= onset;
    sim.health = 1;
    if (after && f.type === 'step') sim.health = 1 - f.drop;
    if (after && f.type === 'drift') sim.health = Math.max(0.5, 1 - (f.perDay * (ts - onset)) / 86_400_000);
    const r = toReading(sc.device, ts, sim.reading(ts)!.metrics); // no sensor faults here, so never a dropout
    if (after && f.type === 'stuck') {
      // the power / primary meter freezes at its last value for six hours, then recovers
      if (ts - onset < 6 * 3_600_000) {
        frozen ??= r;
        for (const k of Object.keys(frozen.metrics) as MetricName[]) r.metrics[k] = frozen.metrics[k];
      }
    }
    if (after && f.type === 'gaps') {
      // a flaky link: 30-minute outages every 3 hours
      if ((ts - onset) % (3 * 3_600_000) < 30 * 60_000) continue;
    }
    if (after && f.type === 'impossible' && (ts - onset) % 3_600_000 < 15 * 60_000) {
      // a miswired or failing meter for 15 minutes an hour: values no physical unit could produce
      corrupt(r);
    }
    yield r;
  }
}

function corrupt(r: Reading): void {
  const m = r.metrics;
  if (r.class === 'transformer') m.lv_power = (m.hv_power ?? 0) * 1.05 + 5;
  else if (r.class === 'boiler') m.feedwater_enthalpy = (m.steam_enthalpy ?? 0) + 100;
  else if (r.class === 'pump') m.head = (m.head ?? 0) * 3;
  else if (r.class === 'compressor') m.active_power = (m.air_flow ?? 0) * 1.5;
  else if (r.class === 'kiln') m.output_rate = (m.output_rate ?? 0) * 5;
  else m.active_power = -Math.abs(m.active_power ?? 0) - 10;
}
