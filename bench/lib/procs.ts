import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import {
  parseCtxtSwitches,
  parseSchedstat,
  schedRates,
  sumCommon,
  type SchedCounters,
  type SchedRates,
} from './schedstat.js';

/** The 1/5/15-minute load averages, as printed beside figures: on a shared machine they say how much they were squeezed. */
export const loadAverage = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** A free loopback TCP port, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A port p with p+1 also free (influxd binds its RPC service on the next port). */
export async function freePortPair(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await freePort();
    if (p < 65535 && (await portIsFree(p + 1))) return p;
  }
  throw new Error('no free pair of loopback ports');
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Polls until `probe` returns a value; throws with `what` after the timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastErr = '';
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      lastErr = (e as Error).message;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${lastErr ? `: ${lastErr}` : ''}`);
    await sleep(intervalMs);
  }
}

/** A child process the bench started; stopped by its PID, never by name. */
export interface Service {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** the last lines of its stdout and stderr, for error messages */
  logs: string[];
  onLine(fn: (line: string) => void): void;
  stop(): Promise<void>;
}

export function spawnService(name: string, cmd: string, args: string[], opts: SpawnOptions = {}): Service {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  const logs: string[] = [];
  const listeners: Array<(line: string) => void> = [];
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let partial = '';
  const take = (b: Buffer) => {
    const text = partial + b.toString();
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      logs.push(line);
      if (logs.length > 200) logs.shift();
      for (const fn of listeners) fn(line);
    }
  };
  proc.stdout?.on('data', take);
  proc.stderr?.on('data', take);
  if (proc.pid === undefined) throw new Error(`${name}: could not start ${cmd}`);
  return {
    name,
    proc,
    pid: proc.pid,
    logs,
    onLine: (fn) => listeners.push(fn),
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!killed) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}

const CLK_TCK = 100; // Linux USER_HZ for /proc/<pid>/stat times

/** CPU ticks and memory of one process, from /proc. */
export function procSample(pid: number): { cpuSec: number; rssBytes: number; peakRssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after the ")" that closes the command name: state is field 3, utime 14, stime 15
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSec = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { cpuSec, rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
}

/**
 * A process's CPU split (seconds so far): user and kernel time of all its threads, and the time of its main thread
 * (the JavaScript event loop; the others are V8's compiler and GC helpers and libuv's thread pool).
 */
export function procCpuSplit(pid: number): { userSec: number; sysSec: number; mainSec: number } {
  const times = (path: string) => {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / CLK_TCK, sys: Number(fields[12]) / CLK_TCK };
  };
  const all = times(`/proc/${pid}/stat`);
  const main = times(`/proc/${pid}/task/${pid}/stat`);
  return { userSec: all.user, sysSec: all.sys, mainSec: main.user + main.sys };
}

export interface ProcUsage {
  /** average CPU over the window, % of one core */
  cpuPercent: number;
  /** highest RSS sampled in the window */
  peakRssMb: number;
  avgRssMb: number;
}

/** Samples a process's CPU and RSS over a window (e.g. the measured part of a stage). */
export class ProcMonitor {
  private readonly t0 = performance.now();
  private readonly cpu0: number;
  private peak = 0;
  private sum = 0;
  private n = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 250,
  ) {
    this.cpu0 = procSample(pid).cpuSec;
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    try {
      const s = procSample(this.pid);
      this.peak = Math.max(this.peak, s.rssBytes);
      this.sum += s.rssBytes;
      this.n++;
    } catch {
      // the process ended; the figures so far stand
    }
  }

  stop(): ProcUsage {
    clearInterval(this.timer);
    this.sample();
    let cpuSec = this.cpu0;
    try {
      cpuSec = procSample(this.pid).cpuSec;
    } catch {
      // ended
    }
    const wallSec = (performance.now() - this.t0) / 1000;
    const mb = (b: number) => b / (1024 * 1024);
    return {
      cpuPercent: wallSec > 0 ? ((cpuSec - this.cpu0) / wallSec) * 100 : 0,
      peakRssMb: mb(this.peak),
      avgRssMb: mb(this.n ? this.sum / this.n : 0),
    };
  }
}

export interface MachineUsage {
  /** all processes, % of one core (200 % = both cores of a 2-core machine busy) */
  busyPercent: number;
  cores: number;
}

/** The whole machine's busy share over a window, from /proc/stat: 100 % per core (so 200 % is both cores busy). */
export class MachineMonitor {
  private readonly start = machineTicks();

  stop(): MachineUsage {
    const end = machineTicks();
    const total = end.total - this.start.total;
    const busy = total - (end.idle - this.start.idle);
    return { busyPercent: total > 0 ? (100 * busy * end.cores) / total : 0, cores: end.cores };
  }
}

function machineTicks(): { total: number; idle: number; cores: number } {
  const lines = readFileSync('/proc/stat', 'utf8').split('\n');
  // cpu  user nice system idle iowait irq softirq steal …
  const t = lines[0].trim().split(/\s+/).slice(1).map(Number);
  const cores = lines.filter((l) => /^cpu\d+ /.test(l)).length;
  return { total: t.slice(0, 8).reduce((a, b) => a + b, 0), idle: t[3] + t[4], cores };
}

/** One thread's scheduler counters (schedstat.ts); the main thread's when `tid` is left out. */
export function threadSched(pid: number, tid = pid): SchedCounters {
  const dir = `/proc/${pid}/task/${tid}`;
  return {
    ...parseSchedstat(readFileSync(`${dir}/schedstat`, 'utf8')),
    ...parseCtxtSwitches(readFileSync(`${dir}/status`, 'utf8')),
  };
}

/** Every thread's scheduler counters, by thread id (threads that end while being read are left out). */
export function processSched(pid: number): Map<number, SchedCounters> {
  const out = new Map<number, SchedCounters>();
  for (const t of readdirSync(`/proc/${pid}/task`))
    try {
      out.set(Number(t), threadSched(pid, Number(t)));
    } catch {
      // the thread ended
    }
  return out;
}

export interface SchedSpan {
  /** the process's main thread: for Node, the event loop */
  main: SchedRates;
  /** all its threads (summed: ms per second can exceed 1,000 with several threads) */
  all: SchedRates;
}

/**
 * A process's waits for a CPU over a span: how much of a slow event loop is the OS not running it (the thread was
 * runnable, another process had the core) rather than its own work. Linux only: where the kernel keeps no schedstat,
 * `stop` answers undefined and the figures say so.
 */
export class SchedMonitor {
  private readonly t0 = performance.now();
  private readonly start?: { main: SchedCounters; all: Map<number, SchedCounters> };

  constructor(private readonly pid: number) {
    try {
      this.start = { main: threadSched(pid), all: processSched(pid) };
    } catch {
      // no schedstat in this kernel
    }
  }

  /** the rates since the start; undefined without schedstat or if the process ended meanwhile */
  stop(): SchedSpan | undefined {
    if (!this.start) return undefined;
    const seconds = (performance.now() - this.t0) / 1000;
    try {
      const main = schedRates(this.start.main, threadSched(this.pid), seconds);
      const { from, to } = sumCommon(this.start.all, processSched(this.pid));
      return { main, all: schedRates(from, to, seconds) };
    } catch {
      return undefined;
    }
  }
}
