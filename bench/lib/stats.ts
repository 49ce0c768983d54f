/** Latency samples in milliseconds; percentiles by nearest rank. */
export class Latencies {
  private readonly values_: number[] = [];

  add(ms: number): void {
    this.values_.push(ms);
  }

  values(): readonly number[] {
    return this.values_;
  }

  get count(): number {
    return this.values_.length;
  }

  summary(): LatencySummary {
    const v = [...this.values_].sort((a, b) => a - b);
    const at = (q: number) => (v.length ? v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)] : NaN);
    return { n: v.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: v.length ? v[v.length - 1] : NaN };
  }
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Wall-clock time in ms with sub-ms resolution, comparable across worker threads of one process. */
export const nowMs = (): number => performance.timeOrigin + performance.now();
