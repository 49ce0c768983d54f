import type { DayMode, RegimeSpec } from '#contracts';
import { hashU } from './hash.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
/** how far back a start or stop is looked for; a unit running longer counts as warm and long-running */
const LOOKBACK_DAYS = 21;

/** What the production plan asks of a unit at a data time (before the class's own transients). */
export interface PlanPoint {
  /** scheduled load factor; 0 = stopped */
  load: number;
  on: boolean;
  /** data time the unit last started (when on) or stopped (when off); -Infinity beyond the look-back */
  since: number;
  /** length of the stop before the current run (when on), ms; Infinity beyond the look-back */
  stoppedForMs: number;
}

interface Segment {
  t: number;
  load: number;
}

const hhmm = (s: string): number => {
  const [h, m] = s.split(':').map(Number);
  return h * 60 + m;
};

/**
 * A unit's production calendar: shifts with load steps drawn per day, weekends, holidays and periods in their
 * modes, and unplanned trips. Pure: the plan at a data time depends only on the regime, the seed and that time.
 * Day plans are memoised, so sampling every 10 s costs a lookup.
 */
export class Calendar {
  private readonly shifts: Array<{ min: number; lo: number; hi: number }>;
  private readonly offsetMs: number;
  private readonly holidays: Set<string>;
  private readonly days = new Map<number, Segment[]>();
  private cache?: { from: number; to: number; point: PlanPoint; rampFrom: number; rampStart: number };

  constructor(
    private readonly r: RegimeSpec,
    private readonly seed: number,
  ) {
    this.shifts = (r.shifts ?? [{ start: '00:00', load: 1 }])
      .map((s) => ({
        min: hhmm(s.start),
        lo: typeof s.load === 'number' ? s.load : s.load[0],
        hi: typeof s.load === 'number' ? s.load : s.load[1],
      }))
      .sort((a, b) => a.min - b.min);
    this.offsetMs = (r.utcOffsetHours ?? 8) * HOUR;
    this.holidays = new Set(r.holidays ?? []);
  }

  private localDay(ts: number): number {
    return Math.floor((ts + this.offsetMs) / DAY);
  }
  private dayStart(d: number): number {
    return d * DAY - this.offsetMs;
  }

  /** The mode of plant-local day `d` and its load factor. */
  dayMode(d: number): { mode: DayMode; factor: number } {
    const date = new Date(d * DAY).toISOString().slice(0, 10);
    const reduced = this.r.reducedFactor ?? 0.6;
    for (const p of this.r.periods ?? [])
      if (date >= p.from && date <= p.to)
        return { mode: p.mode, factor: p.mode === 'reduced' ? (p.factor ?? reduced) : 1 };
    let mode: DayMode = 'normal';
    const wd = new Date(d * DAY).getUTCDay();
    if (this.holidays.has(date)) mode = this.r.holiday ?? 'off';
    else if (wd === 6) mode = this.r.saturday ?? 'normal';
    else if (wd === 0) mode = this.r.sunday ?? 'normal';
    return { mode, factor: mode === 'reduced' ? reduced : 1 };
  }

  /** Load steps that begin on day `d`: one per shift, plus drawn changes inside each shift. */
  private raw(d: number): Segment[] {
    const { mode, factor } = this.dayMode(d);
    if (mode === 'off') return [{ t: this.dayStart(d), load: 0 }];
    const out: Segment[] = [];
    const n = this.shifts.length;
    const changes = this.r.changesPerShift ?? 0;
    this.shifts.forEach((s, i) => {
      const end = i + 1 < n ? this.shifts[i + 1].min : this.shifts[0].min + 1440;
      const draw = (c: number) => (s.lo + (s.hi - s.lo) * hashU(this.seed, 'load', d, i, c)) * factor;
      out.push({ t: this.dayStart(d) + s.min * MIN, load: draw(0) });
      if (s.hi <= 0) return;
      const times = Array.from({ length: changes }, (_, c) => hashU(this.seed, 'change', d, i, c)).sort();
      times.forEach((u, c) => out.push({ t: this.dayStart(d) + (s.min + u * (end - s.min)) * MIN, load: draw(c + 1) }));
    });
    return out.sort((a, b) => a.t - b.t);
  }

  /** Day `d`'s steps, cut where day d + 1's plan begins (an off day cuts at midnight). */
  private segments(d: number): Segment[] {
    let s = this.days.get(d);
    if (!s) {
      const next = this.raw(d + 1)[0].t;
      s = this.raw(d).filter((x) => x.t < next);
      if (this.days.size > 64) this.days.clear();
      this.days.set(d, s);
    }
    return s;
  }

  /** The unplanned stop that begins on day `d`, if any: [start, end). */
  private trip(d: number): [number, number] | undefined {
    const t = this.r.trips;
    if (!t || t.perMonth <= 0 || hashU(this.seed, 'trip', d) >= t.perMonth / 30) return undefined;
    const a = this.dayStart(d) + hashU(this.seed, 'trip-at', d) * DAY;
    return [a, a + (t.minHours + (t.maxHours - t.minHours) * hashU(this.seed, 'trip-len', d)) * HOUR];
  }

  private baseLoad(ts: number): number {
    const d = this.localDay(ts);
    for (let k = d; k > d - 3; k--) {
      const s = this.segments(k);
      for (let i = s.length - 1; i >= 0; i--) if (s[i].t <= ts) return s[i].load;
    }
    return this.segments(d - 3).at(-1)?.load ?? 0;
  }

  private inTrip(ts: number): boolean {
    const d = this.localDay(ts);
    for (const k of [d, d - 1]) {
      const t = this.trip(k);
      if (t && ts >= t[0] && ts < t[1]) return true;
    }
    return false;
  }

  /** Scheduled load without ramps: 0 while stopped. */
  loadAt(ts: number): number {
    return this.inTrip(ts) ? 0 : this.baseLoad(ts);
  }

  /** Times on day `d` where the plan may change. */
  private changes(d: number): number[] {
    const out = this.segments(d).map((s) => s.t);
    for (const k of [d, d - 1]) {
      const t = this.trip(k);
      if (t) for (const x of t) if (this.localDay(x) === d) out.push(x);
    }
    return out.sort((a, b) => a - b);
  }

  /** The last change point ≤ ts where `pred(before, after)` holds, looking back at most LOOKBACK_DAYS. */
  private lastChange(ts: number, pred: (before: number, after: number) => boolean): number {
    const d0 = this.localDay(ts);
    for (let d = d0; d > d0 - LOOKBACK_DAYS; d--) {
      const c = this.changes(d);
      for (let i = c.length - 1; i >= 0; i--)
        if (c[i] <= ts && pred(this.loadAt(c[i] - 1), this.loadAt(c[i]))) return c[i];
    }
    return -Infinity;
  }

  private nextChange(ts: number): number {
    const d0 = this.localDay(ts);
    for (let d = d0; d < d0 + 3; d++) for (const t of this.changes(d)) if (t > ts) return t;
    return ts + DAY;
  }

  /** The plan at data time `ts`, with linear ramps between running load steps. */
  at(ts: number): PlanPoint {
    const c = this.cache;
    if (!c || ts < c.from || ts >= c.to) this.cache = this.compute(ts);
    const k = this.cache!;
    const ramp = (this.r.rampMinutes ?? 0) * MIN;
    if (!k.point.on || ramp <= 0 || ts - k.from >= ramp || k.rampFrom <= 0) return k.point;
    const f = (ts - k.from) / ramp;
    return { ...k.point, load: k.rampFrom + (k.rampStart - k.rampFrom) * f };
  }

  private compute(ts: number): { from: number; to: number; point: PlanPoint; rampFrom: number; rampStart: number } {
    const load = this.loadAt(ts);
    const on = load > 0;
    const from = this.lastChange(ts, () => true);
    const to = this.nextChange(ts);
    const since = on ? this.lastChange(ts, (b, a) => b <= 0 && a > 0) : this.lastChange(ts, (b, a) => b > 0 && a <= 0);
    let stoppedForMs = Infinity;
    if (on && Number.isFinite(since)) {
      const stop = this.lastChange(since - 1, (b, a) => b > 0 && a <= 0);
      if (Number.isFinite(stop)) stoppedForMs = since - stop;
    }
    const rampFrom = Number.isFinite(from) ? this.loadAt(from - 1) : 0;
    return { from, to, point: { load, on, since, stoppedForMs }, rampFrom, rampStart: load };
  }
}
