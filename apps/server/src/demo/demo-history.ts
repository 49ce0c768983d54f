import { isMetricName, toCanonical, type DeviceSpec, type MetricName, type Reading } from '#contracts';
import { SimDevice, type RegimeLibrary, type SimDeviceSpec } from '#device-sim';

const DAY = 86_400_000;

/**
 * Simulated history of one demo device, in data time, ending before `end`: what its meter would have sent over the
 * past `days` at one reading per `intervalMs`. The demo plant's detectors learn from it at first start, so an
 * efficiency fault injected into the live demo is judged within minutes instead of after days of learning.
 */
export function* demoHistory(
  spec: DeviceSpec,
  end: number,
  days: number,
  intervalMs: number,
  lib: RegimeLibrary = {},
): Generator<Reading> {
  // the same named regimes and schedules as the live demo, so the baseline learns the plant it will judge
  const sim = new SimDevice(spec as SimDeviceSpec, 1, 'demo-history', lib);
  const start = end - days * DAY;
  for (let ts = start - (start % intervalMs); ts < end; ts += intervalMs) {
    const p = sim.reading(ts);
    if (!p) continue;
    const metrics: Partial<Record<MetricName, number>> = {};
    for (const [k, v] of Object.entries(p.metrics)) {
      if (!isMetricName(k)) continue;
      const c = toCanonical(k, v.value, v.unit);
      if (c !== undefined) metrics[k] = c;
    }
    yield { plantId: spec.plantId, deviceId: spec.id, class: spec.class, ts, metrics, sim: 'demo-history' };
  }
}
