/**
 * How much of a thread's time went to waiting for a CPU, from the Linux scheduler's own counters: a process can
 * be slow because it works, or because it is runnable and the OS runs something else (on a shared machine, the
 * load generator, InfluxDB and the broker clients take the same cores). Pure parsing and arithmetic; reading the
 * files is procs.ts's.
 *
 * /proc/<pid>/task/<tid>/schedstat (Documentation/scheduler/sched-stats.rst): time spent on the CPU (ns), time
 * spent runnable but waiting on a run queue (ns), and the number of timeslices run on this CPU.
 * /proc/<pid>/task/<tid>/status: voluntary_ctxt_switches (the thread blocked: idle, waiting for I/O) and
 * nonvoluntary_ctxt_switches (the scheduler took the CPU away while the thread could still run).
 */
export interface SchedCounters {
  runNs: number;
  waitNs: number;
  slices: number;
  voluntary: number;
  involuntary: number;
}

/** The three fields of a schedstat line; throws on anything else (a kernel without schedstats). */
export function parseSchedstat(text: string): Pick<SchedCounters, 'runNs' | 'waitNs' | 'slices'> {
  const f = text.trim().split(/\s+/).map(Number);
  if (f.length < 3 || f.slice(0, 3).some((x) => !Number.isFinite(x)))
    throw new Error(`not a schedstat line: ${JSON.stringify(text.slice(0, 80))}`);
  return { runNs: f[0], waitNs: f[1], slices: f[2] };
}

/** The context-switch counts of a /proc status file; throws when either is missing. */
export function parseCtxtSwitches(status: string): Pick<SchedCounters, 'voluntary' | 'involuntary'> {
  const count = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+)$`, 'm').exec(status);
    if (!m) throw new Error(`no ${key} in the status file`);
    return Number(m[1]);
  };
  return { voluntary: count('voluntary_ctxt_switches'), involuntary: count('nonvoluntary_ctxt_switches') };
}

/** One span of a thread (or the sum over threads), per second of wall time. */
export interface SchedRates {
  /** ms per second the thread ran on a CPU */
  ranMsPerSec: number;
  /** ms per second it was runnable but waited for a CPU */
  waitedMsPerSec: number;
  /** the mean wait each time it was put on a CPU, ms (how long a wake-up took to be served) */
  waitPerSliceMs: number;
  /** times per second the scheduler took the CPU away while the thread could still run */
  involuntaryPerSec: number;
  voluntaryPerSec: number;
}

/** The rates between two readings of the same thread(s) `seconds` apart. */
export function schedRates(a: SchedCounters, b: SchedCounters, seconds: number): SchedRates {
  const per = (x: number) => (seconds > 0 ? x / seconds : NaN);
  const slices = b.slices - a.slices;
  return {
    ranMsPerSec: per((b.runNs - a.runNs) / 1e6),
    waitedMsPerSec: per((b.waitNs - a.waitNs) / 1e6),
    waitPerSliceMs: slices > 0 ? (b.waitNs - a.waitNs) / 1e6 / slices : 0,
    involuntaryPerSec: per(b.involuntary - a.involuntary),
    voluntaryPerSec: per(b.voluntary - a.voluntary),
  };
}

/**
 * The counters of several threads at both ends of a span, summed over the threads alive at its end: one that began
 * within the span counts from zero; one that ended within it is gone from /proc and cannot be counted.
 */
export function sumCommon(a: ReadonlyMap<number, SchedCounters>, b: ReadonlyMap<number, SchedCounters>) {
  const zero = (): SchedCounters => ({ runNs: 0, waitNs: 0, slices: 0, voluntary: 0, involuntary: 0 });
  const from = zero();
  const to = zero();
  for (const [tid, end] of b) {
    const start = a.get(tid) ?? zero();
    for (const k of Object.keys(from) as Array<keyof SchedCounters>) {
      from[k] += start[k];
      to[k] += end[k];
    }
  }
  return { from, to };
}

/** "waited 120 ms/s for a CPU (ran 480 ms/s), 0.9 ms a wake-up, 35 involuntary switches/s" */
export function describeSched(r: SchedRates): string {
  return (
    `waited ${r.waitedMsPerSec.toFixed(0)} ms/s for a CPU (ran ${r.ranMsPerSec.toFixed(0)} ms/s), ` +
    `${r.waitPerSliceMs.toFixed(2)} ms a wake-up, ${r.involuntaryPerSec.toFixed(0)} involuntary switches/s`
  );
}
