/**
 * The server's own view of a stage, from its Prometheus endpoint (prom-client default metrics, prefix `qinwatt_`):
 * event-loop delay (the histogram resets at each scrape, so scrape once before the stage) and time spent in GC.
 */
export interface LoopStats {
  /** event-loop delay over the stage, ms */
  lagP99Ms: number;
  lagMaxMs: number;
  /** share of the stage's wall time spent in garbage collection, % */
  gcPercent: number;
}

async function scrape(httpUrl: string): Promise<Map<string, number>> {
  const res = await fetch(`${httpUrl}/metrics`);
  const out = new Map<string, number>();
  if (!res.ok) return out;
  for (const line of (await res.text()).split('\n')) {
    const m =
      /^(qinwatt_nodejs_(?:eventloop_lag_p99_seconds|eventloop_lag_max_seconds|gc_duration_seconds_sum))(\{[^}]*\})? (\S+)$/.exec(
        line,
      );
    if (m) out.set(m[1], (out.get(m[1]) ?? 0) + Number(m[3]));
  }
  return out;
}

export async function loopWatch(httpUrl: string): Promise<{ stop(): Promise<LoopStats | undefined> }> {
  const before = await scrape(httpUrl);
  const t0 = Date.now();
  return {
    async stop() {
      const after = await scrape(httpUrl);
      if (!after.has('qinwatt_nodejs_eventloop_lag_p99_seconds')) return undefined;
      const gc =
        (after.get('qinwatt_nodejs_gc_duration_seconds_sum') ?? 0) -
        (before.get('qinwatt_nodejs_gc_duration_seconds_sum') ?? 0);
      return {
        lagP99Ms: (after.get('qinwatt_nodejs_eventloop_lag_p99_seconds') ?? 0) * 1000,
        lagMaxMs: (after.get('qinwatt_nodejs_eventloop_lag_max_seconds') ?? 0) * 1000,
        gcPercent: (100 * gc) / ((Date.now() - t0) / 1000),
      };
    },
  };
}
