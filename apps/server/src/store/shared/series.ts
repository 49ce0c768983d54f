import { SERIES_NAME, type Reading } from '#contracts';
import { TELEMETRY, type Aggregate, type Bucket, type SeriesPoint } from '../telemetry-store.js';

/** Measurement and field names: lower snake case, so they need no quoting in InfluxQL, Flux or file names. */
export const MEASUREMENT_NAME = SERIES_NAME;
export const FIELD_NAME = SERIES_NAME;

/** Throws on a name the port does not accept; `telemetry` is written only through `write(readings)`. */
export function checkDerivedMeasurement(measurement: string): void {
  if (!MEASUREMENT_NAME.test(measurement)) throw new Error(`invalid measurement name "${measurement}"`);
  if (measurement === TELEMETRY) throw new Error('readings are written with write(), not writePoints()');
}

export function checkPoints(points: readonly SeriesPoint[]): void {
  for (const p of points)
    for (const [k, v] of Object.entries(p.values)) {
      if (!FIELD_NAME.test(k)) throw new Error(`invalid field name "${k}"`);
      if (!Number.isFinite(v)) throw new Error(`field ${k} of ${p.deviceId}@${p.ts} is not a finite number`);
    }
}

export function readingToPoint(r: Reading): SeriesPoint {
  return {
    plantId: r.plantId,
    deviceId: r.deviceId,
    class: r.class,
    ts: r.ts,
    values: r.metrics as Record<string, number>,
  };
}

export const floorTo = (t: number, step: number): number => Math.floor(t / step) * step;
export const ceilTo = (t: number, step: number): number => Math.ceil(t / step) * step;

export function pickFields<T>(values: Record<string, T>, fields?: readonly string[]): Record<string, T> {
  if (!fields) return values;
  const out: Record<string, T> = {};
  for (const f of fields) if (values[f] !== undefined) out[f] = values[f];
  return out;
}

/** Aggregates raw points into windows of `step` ms (pure; used by the embedded store and for tests). */
export function aggregatePoints(points: readonly SeriesPoint[], step: number, fields?: readonly string[]): Bucket[] {
  const buckets = new Map<number, Record<string, Aggregate & { sum: number }>>();
  for (const p of points) {
    const start = floorTo(p.ts, step);
    let b = buckets.get(start);
    if (!b) buckets.set(start, (b = {}));
    for (const [k, v] of Object.entries(pickFields(p.values, fields))) {
      const a = b[k];
      if (!a) b[k] = { mean: v, min: v, max: v, count: 1, sum: v };
      else {
        a.sum += v;
        a.count += 1;
        if (v < a.min) a.min = v;
        if (v > a.max) a.max = v;
      }
    }
  }
  return [...buckets.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([ts, b]) => ({
      ts,
      values: Object.fromEntries(
        Object.entries(b).map(([k, a]) => [k, { mean: a.sum / a.count, min: a.min, max: a.max, count: a.count }]),
      ),
    }))
    .filter((b) => Object.keys(b.values).length > 0);
}

/** Merges finer windows into coarser ones, weighting means by count (exact for mean, min, max and count). */
export function mergeBuckets(buckets: readonly Bucket[], step: number): Bucket[] {
  const out = new Map<number, Record<string, Aggregate & { sum: number }>>();
  for (const b of buckets) {
    const start = floorTo(b.ts, step);
    let m = out.get(start);
    if (!m) out.set(start, (m = {}));
    for (const [k, a] of Object.entries(b.values)) {
      const c = m[k];
      if (!c) m[k] = { ...a, sum: a.mean * a.count };
      else {
        c.sum += a.mean * a.count;
        c.count += a.count;
        c.min = Math.min(c.min, a.min);
        c.max = Math.max(c.max, a.max);
      }
    }
  }
  return [...out.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([ts, m]) => ({
      ts,
      values: Object.fromEntries(
        Object.entries(m).map(([k, a]) => [k, { mean: a.sum / a.count, min: a.min, max: a.max, count: a.count }]),
      ),
    }));
}
