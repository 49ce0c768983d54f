import type { Bucket, Rollup, SeriesPoint } from '../telemetry-store.js';

const MINUTE_MS = 60_000;
const MINUTES = 60;
/** per minute: count, sum, min, max */
const SLOTS = 4;

/** One series in one segment: a fixed array per field, whatever the number of readings. */
interface SeriesRollup {
  /** the newest ts taken: a point at or before it may replace one already counted */
  last: number;
  /** a point arrived at or before `last`: the windows may count a replaced point twice, read the raw data instead */
  unordered: boolean;
  fields: Map<string, Float64Array>;
}

/**
 * The 1-minute windows of one hour segment, for every series, kept as points arrive: memory follows the number of
 * series and fields (60 × 4 numbers each), not the number of points. Exact for a series whose points arrive in
 * time order, as a meter's and a gateway's do; a point at or before the newest one taken (a replay, a correction)
 * marks the series `unordered`, and its windows must then be computed from the raw data, where the later of two
 * points with one ts wins.
 */
export class SegmentRollup {
  private readonly series = new Map<string, SeriesRollup>();

  constructor(readonly start: number) {}

  get size(): number {
    return this.series.size;
  }

  add(key: string, p: Pick<SeriesPoint, 'ts' | 'values'>): void {
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { last: -Infinity, unordered: false, fields: new Map() }));
    if (p.ts <= s.last) {
      s.unordered = true;
      return;
    }
    s.last = p.ts;
    const at = Math.floor((p.ts - this.start) / MINUTE_MS) * SLOTS;
    if (at < 0 || at >= MINUTES * SLOTS) throw new Error(`point at ${p.ts} is outside the segment at ${this.start}`);
    for (const [f, v] of Object.entries(p.values)) {
      let a = s.fields.get(f);
      if (!a) s.fields.set(f, (a = new Float64Array(MINUTES * SLOTS)));
      if (a[at] === 0) {
        a[at] = 1;
        a[at + 1] = v;
        a[at + 2] = v;
        a[at + 3] = v;
      } else {
        a[at] += 1;
        a[at + 1] += v;
        if (v < a[at + 2]) a[at + 2] = v;
        if (v > a[at + 3]) a[at + 3] = v;
      }
    }
  }

  /** series whose windows cannot be trusted (see `add`) */
  unordered(): string[] {
    return [...this.series].filter(([, s]) => s.unordered).map(([k]) => k);
  }

  isUnordered(key: string): boolean {
    return this.series.get(key)?.unordered ?? false;
  }

  keys(): string[] {
    return [...this.series.keys()];
  }

  /** replaces one series' windows with those of `other` (computed exactly from the raw data) */
  adopt(key: string, other: SegmentRollup): void {
    const s = other.series.get(key);
    if (s) this.series.set(key, s);
    else this.series.delete(key);
  }

  buckets(key: string, res: Rollup): Bucket[] {
    const s = this.series.get(key);
    if (!s) return [];
    const out: Bucket[] = [];
    if (res === '1h') {
      const values: Bucket['values'] = {};
      for (const [f, a] of s.fields) {
        let count = 0;
        let sum = 0;
        let min = Infinity;
        let max = -Infinity;
        for (let at = 0; at < MINUTES * SLOTS; at += SLOTS) {
          if (a[at] === 0) continue;
          count += a[at];
          sum += a[at + 1];
          if (a[at + 2] < min) min = a[at + 2];
          if (a[at + 3] > max) max = a[at + 3];
        }
        if (count) values[f] = { mean: sum / count, min, max, count };
      }
      if (Object.keys(values).length) out.push({ ts: this.start, values });
      return out;
    }
    for (let m = 0; m < MINUTES; m++) {
      const at = m * SLOTS;
      const values: Bucket['values'] = {};
      for (const [f, a] of s.fields)
        if (a[at] > 0) values[f] = { mean: a[at + 1] / a[at], min: a[at + 2], max: a[at + 3], count: a[at] };
      if (Object.keys(values).length) out.push({ ts: this.start + m * MINUTE_MS, values });
    }
    return out;
  }

  /** every series' windows, as the rollup files keep them */
  all(res: Rollup): Record<string, Bucket[]> {
    const out: Record<string, Bucket[]> = {};
    for (const key of this.series.keys()) out[key] = this.buckets(key, res);
    return out;
  }
}
