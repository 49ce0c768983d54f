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

/**
 * Samples the server's count of readings written to the store (`qinwatt_store_written_readings_total`) while a
 * stage runs, so a stage's rate can be taken where it counts: acknowledged is not yet stored, and a store that
 * falls behind only shows as a growing spool.
 */
export function writtenWatch(httpUrl: string, everyMs = 250): { stop(): Promise<WrittenSamples> } {
  const samples: Array<[number, number]> = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const res = await fetch(`${httpUrl}/metrics`).catch(() => undefined);
      const text = res?.ok ? await res.text() : '';
      const m = /^qinwatt_store_written_readings_total (\S+)$/m.exec(text);
      if (m) samples.push([Date.now(), Number(m[1])]);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return new WrittenSamples(samples);
    },
  };
}

export class WrittenSamples {
  constructor(private readonly samples: Array<[number, number]>) {}

  /** readings written at epoch ms `t`, interpolated between samples */
  at(t: number): number {
    const s = this.samples;
    if (s.length === 0) return 0;
    if (t <= s[0][0]) return s[0][1];
    for (let i = 1; i < s.length; i++)
      if (t <= s[i][0]) return s[i - 1][1] + ((s[i][1] - s[i - 1][1]) * (t - s[i - 1][0])) / (s[i][0] - s[i - 1][0]);
    return s[s.length - 1][1];
  }

  /**
   * readings/s written to the store in [from, to); NaN when no sample lies within a second of either end (a server
   * starved of CPU did not answer /metrics during the stage): a rate read off one early sample would be near 0
   */
  rate(from: number, to: number): number {
    const s = this.samples;
    if (s.length === 0 || s[0][0] > from + 1000 || s[s.length - 1][0] < to - 1000) return NaN;
    return to > from ? ((this.at(to) - this.at(from)) * 1000) / (to - from) : 0;
  }
}
