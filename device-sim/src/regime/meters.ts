import type { MeterSpec, MetricName, MetricValue } from '#contracts';
import { hashU } from './hash.js';
import { DEFAULT_METER_CLASS } from './presets.js';

const YEAR = 365.25 * 86_400_000;

/** One meter's error: value × (1 + ratio + drift·years since calibration) + bias. */
interface MeterError {
  ratio: number;
  driftPerYear: number;
  bias: number;
}

/**
 * The errors of a device's meters by accuracy class: a fixed ratio error per meter, drawn (seeded per device and
 * metric) with a magnitude in [0.3, 1] × errorShare × class, a slow calibration drift of driftPerYear × class per
 * year from the calibration date (sign drawn per meter), and an optional bias. A meter in service within its class
 * errs by a fraction of it; the class is the bound (IEC 62053-22 for 0.2S / 0.5S energy meters).
 */
export class Meters {
  private readonly errors = new Map<string, MeterError | null>();
  private readonly calibratedOn: number;

  constructor(
    private readonly spec: MeterSpec,
    private readonly seed: number,
  ) {
    this.calibratedOn = Date.parse(`${spec.calibratedOn ?? '2025-07-01'}T00:00:00Z`);
  }

  error(metric: string): MeterError | null {
    let e = this.errors.get(metric);
    if (e !== undefined) return e;
    const m = metric as MetricName;
    const cls = this.spec.classes?.[m] ?? DEFAULT_METER_CLASS[m];
    const bias = this.spec.bias?.[m] ?? 0;
    if (cls === undefined && bias === 0 && this.spec.ratioError?.[m] === undefined) e = null;
    else {
      const c = (cls ?? 0) / 100;
      const sign = (k: string) => (hashU(this.seed, k, metric) < 0.5 ? -1 : 1);
      const share = this.spec.errorShare ?? 0.7;
      e = {
        ratio:
          this.spec.ratioError?.[m] ?? sign('ratio-sign') * (0.3 + 0.7 * hashU(this.seed, 'ratio', metric)) * share * c,
        driftPerYear: sign('drift-sign') * (this.spec.driftPerYear ?? 0.5) * c,
        bias,
      };
    }
    this.errors.set(metric, e);
    return e;
  }

  /** Applies every meter's error in place, keeping the reported resolution of each value. */
  apply(metrics: Record<string, MetricValue>, ts: number): void {
    const years = Math.max(0, (ts - this.calibratedOn) / YEAR);
    for (const [k, v] of Object.entries(metrics)) {
      const e = this.error(k);
      if (!e || v.value === 0) continue;
      const digits = decimals(v.value);
      const value = v.value * (1 + e.ratio + e.driftPerYear * years) + e.bias;
      metrics[k] = { value: Number(value.toFixed(Math.max(digits, 3))), unit: v.unit };
    }
  }
}

const decimals = (v: number): number => {
  const s = String(v);
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
};
