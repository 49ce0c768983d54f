/**
 * Latency histogram with log-spaced buckets (≈ 2 % wide), so percentiles of millions of samples cost a fixed,
 * small amount of memory. Values in milliseconds, 0.01 ms to ~10 min.
 */
const GROWTH = Math.log(1.02);
const MIN = 0.01;
const BUCKETS = Math.ceil(Math.log(600_000 / MIN) / GROWTH) + 1;

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  max = 0;

  record(ms: number): void {
    const i = ms <= MIN ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / MIN) / GROWTH));
    this.counts[i]++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** upper edge of the bucket holding the p-th percentile (0-100), or 0 when empty */
  percentile(p: number): number {
    if (!this.count) return 0;
    const rank = Math.ceil((p / 100) * this.count);
    let acc = 0;
    for (let i = 0; i < BUCKETS; i++) {
      acc += this.counts[i];
      if (acc >= rank) return Math.min(this.max, MIN * Math.exp(i * GROWTH));
    }
    return this.max;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.max = 0;
  }

  summary(): { count: number; p50: number; p95: number; p99: number; max: number } {
    const r = (v: number) => Number(v.toFixed(2));
    return {
      count: this.count,
      p50: r(this.percentile(50)),
      p95: r(this.percentile(95)),
      p99: r(this.percentile(99)),
      max: r(this.max),
    };
  }
}
