import type { DeviceSpec, Judgement, Reading } from '#contracts';
import { BASELINE_VERSION, profileFor, type ProfileOptions } from '#equipment';
import { classCheck } from './class-check.js';
import { checkQuality } from './data-quality.js';
import { driftWindow, freshDrift } from './drift.js';
import { nextState } from './operating.js';
import { DEFAULT_PARAMS, type DetectionParams } from './params.js';
import { periodCheck } from './period-check.js';
import type { DetectionEvent, DetectorContext, DeviceState, StepResult } from './types.js';

const NONE: DetectionEvent[] = [];

export function createContext(
  device: DeviceSpec,
  params: DetectionParams = DEFAULT_PARAMS,
  profile: Partial<ProfileOptions> = {},
): DetectorContext {
  return { device, profile: profileFor(device, profile), params, baselineVersion: BASELINE_VERSION };
}

export function initialState(ctx: DetectorContext): DeviceState {
  const c = ctx.profile.channels.length;
  const w = ctx.profile.checkWindows;
  const nw = ctx.profile.watch.length;
  return {
    v: 2,
    lastTs: -1,
    outOfOrder: 0,
    win: { start: -1, n: 0, sums: new Array<number>(c).fill(0) },
    ring: { sums: new Array<number>(c * w).fill(0), n: new Array<number>(w).fill(0), pos: 0, filled: 0 },
    op: { state: 'off', startedAt: -1, lastWindow: -1, loadRef: 0, transientUntil: -1 },
    cls: { open: false, since: -1, clearSince: -1 },
    period: { start: -1, num: 0, den: 0, windows: 0, open: false },
    drift: freshDrift(ctx),
    dq: {
      last: new Array<number>(nw).fill(0),
      repeat: new Array<number>(nw).fill(0),
      repeatSince: new Array<number>(nw).fill(0),
      stuckOpen: false,
      gapOpen: false,
      gapSince: -1,
      impossibleTs: [],
      impossibleOpen: false,
      lastImpossible: -1,
      lastReason: '',
    },
  };
}

/**
 * The detection core: one reading in, events and the next state out. Pure: no I/O, no clock (time is the
 * reading's), the state is plain JSON. For speed the state object is updated in place and returned.
 * Readings must arrive in time order per device; older ones are counted and ignored.
 */
export function step(ctx: DetectorContext, r: Reading, s: DeviceState): StepResult {
  if (r.ts <= s.lastTs) {
    s.outOfOrder++;
    return { events: NONE, state: s };
  }
  let out: DetectionEvent[] = NONE;
  const w = ctx.params.windowMs;
  const start = r.ts - (r.ts % w);
  if (s.win.start !== start) {
    if (s.win.start >= 0) out = closeWindow(ctx, s, []);
    // a gap leaves a partial window behind: start afresh
    s.win.start = start;
    s.win.n = 0;
    s.win.sums.fill(0);
  }
  const q = out === NONE ? [] : out;
  const usable = checkQuality(ctx, s, r, q);
  if (q.length) out = q;
  s.lastTs = r.ts;
  if (usable && ctx.profile.add(r.metrics, r.ts, s.win.sums, 0)) s.win.n++;
  return { events: out, state: s };
}

/**
 * After maintenance: forget the learned baseline and learn it again from the next operating data. An open drift
 * alert is cleared (its baseline is gone); the class check, which holds the unit to the standard, is untouched.
 */
export function relearn(ctx: DetectorContext, s: DeviceState, ts: number): DetectionEvent[] {
  const wasOpen = s.drift.open;
  s.drift = freshDrift(ctx);
  return wasOpen ? [{ type: 'clear', rule: 'drift.cusum', ts, evidence: { relearn: true } }] : [];
}

/** Closes the aggregation window: operating state, KPI, class check, drift check. */
function closeWindow(ctx: DetectorContext, s: DeviceState, out: DetectionEvent[]): DetectionEvent[] {
  const win = s.win;
  const end = win.start + ctx.params.windowMs;
  if (win.n < ctx.params.minWindowReadings) return out;
  const c = win.sums.length;
  const means = win.sums.map((v) => v / win.n);
  const pt = ctx.profile.operating(means);
  const state = nextState(s.op, pt, ctx.profile.states, end, ctx.params.dataQuality.gapMs);
  periodCheck(ctx, s, means, pt.running, end, out);
  const steady = state === 'steady';

  // ring of the last checkWindows consecutive steady windows for the class KPI
  const ring = s.ring;
  const nw = ctx.profile.checkWindows;
  if (!steady) ring.filled = 0;
  for (let i = 0; i < c; i++) ring.sums[ring.pos * c + i] = win.sums[i];
  ring.n[ring.pos] = win.n;
  ring.pos = (ring.pos + 1) % nw;
  ring.filled = steady ? Math.min(nw, ring.filled + 1) : 0;
  let kpiMeans = means;
  if (ring.filled === nw) {
    const total = ring.n.reduce((a, b) => a + b, 0);
    kpiMeans = new Array<number>(c).fill(0);
    for (let j = 0; j < nw; j++) for (let i = 0; i < c; i++) kpiMeans[i] += ring.sums[j * c + i];
    for (let i = 0; i < c; i++) kpiMeans[i] /= total;
  }
  const kpi = ctx.profile.kpi(kpiMeans);
  // the class check runs only in steady state, on a full ring of steady windows
  if (ring.filled === nw) classCheck(ctx, s, kpi, end, () => windowKpis(ctx, s), out);
  else if (!s.cls.open) s.cls.since = -1;
  else s.cls.clearSince = -1;

  let judgement: Judgement;
  let dz: { z?: number; cusum?: number } = {};
  if (ctx.profile.observable !== true) judgement = { status: 'not_observable', reason: ctx.profile.observable };
  else if (!steady) judgement = { status: 'not_judged', reason: NOT_STEADY[state] };
  else {
    const k = ctx.profile.driverNames.length;
    const res = driftWindow(ctx, s, means, new Array<number>(k).fill(0), [0, 0], end, out);
    judgement = res.judgement;
    dz = { z: res.z, cusum: res.cusum };
  }
  out.push({ type: 'kpi', ts: end, kpi, drift: { phase: s.drift.phase, ...dz }, state, judgement });
  return out;
}

const NOT_STEADY = { off: 'OFF', starting: 'STARTING', transient: 'TRANSIENT', unloaded: 'UNLOADED' } as const;

/** KPI of each window in the class-check ring, oldest first: the evidence an alert keeps. */
function windowKpis(ctx: DetectorContext, s: DeviceState): number[] {
  const c = s.win.sums.length;
  const nw = ctx.profile.checkWindows;
  const res: number[] = [];
  for (let j = 0; j < nw; j++) {
    const idx = (s.ring.pos + j) % nw;
    const n = s.ring.n[idx];
    if (!n) continue;
    const m = s.ring.sums.slice(idx * c, idx * c + c).map((v) => v / n);
    res.push(Number(ctx.profile.kpi(m).value.toFixed(4)));
  }
  return res;
}
