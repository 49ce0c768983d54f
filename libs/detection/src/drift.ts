import { accumulate, predict, solve } from './regression.js';
import type { Judgement } from '#contracts';
import type { CusumScale } from './params.js';
import type { DetectionEvent, DetectorContext, DeviceState, ScaleState } from './types.js';

const RECENT = 30;

/**
 * Drift check on one closed aggregation window. Phases: fit (least squares of the energy input on the drivers),
 * calibrate (bias and spread of the relative residual per chart scale), monitor (one-sided CUSUM per scale on the
 * standardised residual: only "more input than learned" is a loss of efficiency).
 */
export interface DriftOutcome {
  z?: number;
  cusum?: number;
  judgement: Judgement;
}

/**
 * Drift check on one steady window. Phases, each counted in windows of steady operation (a stop, a weekend or a
 * holiday pauses learning; it never ends a phase without data): fit (least squares of the energy input on the
 * drivers, and the coverage of operating points it saw), calibrate (bias and spread of the relative residual per
 * chart scale), monitor (one-sided CUSUM per scale on the standardised residual: only "more input than learned"
 * is a loss of efficiency). A window at an operating point the fit did not cover is not judged: it is reported
 * 'outside baseline' and, once the new point has been seen for `extendWindows`, the fit is extended to it.
 */
export function driftWindow(
  ctx: DetectorContext,
  s: DeviceState,
  means: readonly number[],
  x: number[],
  pt: number[],
  ts: number,
  out: DetectionEvent[],
): DriftOutcome {
  const d = s.drift;
  const p = ctx.params.drift;
  const y = ctx.profile.drift(means, x, pt);
  if (!Number.isFinite(y)) return { judgement: { status: 'not_judged', reason: 'NO_DATA' } };
  const key = cellKey(ctx, pt);
  const fitNeed = Math.max(p.minFitWindows, Math.ceil(p.fitMs / ctx.params.windowMs));
  const calNeed = Math.max(p.minCalSamples, Math.ceil(p.calibrateMs / ctx.params.windowMs));

  if (d.phase === 'fit') {
    accumulate(d.xtx, d.xty, x, y, weight(ctx, x, y));
    d.fitN++;
    d.phaseN++;
    d.cells[key] = (d.cells[key] ?? 0) + 1;
    if (d.phaseN >= fitNeed) {
      d.coef = solve(d.xtx, d.xty, x.length, ctx.profile.prior);
      d.phase = 'calibrate';
      d.phaseN = 0;
      d.learnedAt = ts;
    }
    return { judgement: learning(d.fitN, fitNeed + calNeed) };
  }
  if (!covered(ctx, d.cells, pt, p.coverMinWindows)) {
    // outside the learned operating points: learn them (not while an alarm is open: that would learn the fault)
    if (!d.open) {
      accumulate(d.xtx, d.xty, x, y, weight(ctx, x, y));
      d.fitN++;
      d.pending[key] = (d.pending[key] ?? 0) + 1;
      if (d.pending[key] >= p.extendWindows) {
        d.cells[key] = (d.cells[key] ?? 0) + d.pending[key];
        delete d.pending[key];
        d.coef = solve(d.xtx, d.xty, x.length, ctx.profile.prior);
        d.extN++;
        // the spread is measured on the model that will be judged with: a calibration less than half done on
        // the old fit starts again (at most once per new cell; a later one goes on, so learning always ends)
        if (d.phase === 'calibrate' && d.phaseN < calNeed / 2) restartCalibration(d);
      }
    }
    return { judgement: { status: 'outside_baseline', reason: 'OUTSIDE_BASELINE' } };
  }
  const yhat = predict(d.coef, x);
  const scale = ctx.profile.driftScale ? ctx.profile.driftScale(x) : yhat;
  if (!(scale > 0)) return { judgement: { status: 'not_judged', reason: 'NO_DATA' } };
  const r = (y - yhat) / scale;
  d.recent.push(r);
  if (d.recent.length > RECENT) d.recent.shift();

  if (d.phase === 'calibrate') {
    for (let i = 0; i < d.scales.length; i++) addSample(d.scales[i], r, ts, ctx, p.scales[i].windows, calibrate);
    d.phaseN++;
    // every chart needs its samples: a device that seldom runs long enough for a slow sample keeps learning
    // (and says so) rather than starting with a chart silently switched off
    if (d.phaseN >= calNeed && d.scales.every((sc) => sc.cn >= p.minCalSamples)) finishCalibration(ctx, s);
    return { judgement: learning(fitNeed + d.phaseN, fitNeed + calNeed) };
  }

  // monitor
  if (!d.scales.some((sc) => sc.sigma > 0)) return { judgement: { status: 'not_judged', reason: 'NO_SPREAD' } };
  let zFast: number | undefined;
  let alarm = -1;
  for (let i = 0; i < d.scales.length; i++) {
    const sc = d.scales[i];
    if (sc.sigma <= 0) continue;
    const sp = p.scales[i];
    const k = refValue(sp, sc.sigma);
    addSample(sc, r, ts, ctx, sp.windows, (st, m) => {
      const z = (m - st.bias) / st.sigma;
      if (i === 0) zFast = z;
      st.cusum = Math.max(0, st.cusum + z - k);
      // while the alarm is open the chart is held at its decision interval: a large shift must not pile up
      // evidence that takes days to run off after the fix (the alarm clears when its condition clears)
      if (d.open) st.cusum = Math.min(st.cusum, sp.h);
      st.run = st.cusum > 0 ? st.run + 1 : 0;
      if (st.cusum > sp.h && alarm < 0) alarm = i;
      if (i === 0) d.ewma = d.open ? p.clearLambda * z + (1 - p.clearLambda) * d.ewma : z;
    });
  }
  if (alarm >= 0 && !d.open) {
    d.open = true;
    d.clearSince = -1;
    d.ewma = zFast ?? 0;
    const sc = d.scales[alarm];
    // the shift is estimated over the run since the chart last stood at zero (the change point's estimate)
    const shift = mean(d.recent.slice(-Math.max(1, Math.min(RECENT, sc.run * p.scales[alarm].windows)))) - sc.bias;
    out.push(openEvent(ctx, s, ts, alarm, shift, sc));
  } else if (d.open && zFast !== undefined) {
    // clear only when the residual is back at baseline and no chart still holds evidence of a shift: a small
    // persistent shift found by the slow chart must not clear on the fast chart's noise and open again
    // back within the fast chart's reference value: the residual no longer adds to any chart
    const charts = d.scales.every((sc, i) => sc.sigma <= 0 || sc.cusum <= p.scales[i].h / 2);
    const below = Math.max(p.clearBelow, refValue(p.scales[0], d.scales[0].sigma));
    if (d.ewma < below && charts) {
      if (d.clearSince < 0) d.clearSince = ts;
      if (ts - d.clearSince >= p.clearDurationMs) {
        d.open = false;
        d.scales.forEach((sc) => (sc.cusum = 0));
        out.push({ type: 'clear', rule: 'drift.cusum', ts, evidence: { ewma: d.ewma } });
      }
    } else d.clearSince = -1;
  }
  return { z: zFast, cusum: d.scales[0].cusum, judgement: { status: 'judged' } };
}

/** The chart's reference value in standard deviations: k, or half the smallest shift worth finding (`delta`). */
const refValue = (sp: CusumScale, sigma: number): number => (sigma > 0 ? Math.max(sp.k, sp.delta / (2 * sigma)) : sp.k);

const learning = (n: number, need: number): Judgement => ({
  status: 'learning',
  reason: 'LEARNING',
  progress: Number(Math.min(1, n / need).toFixed(3)),
});

/** A window's weight in the fit: 1/scale², so the fit minimises the residual the charts judge (relative). */
function weight(ctx: DetectorContext, x: readonly number[], y: number): number {
  const sc = ctx.profile.driftScale ? ctx.profile.driftScale(x) : y;
  return sc > 0 ? 1 / (sc * sc) : 0;
}

/** The operating-point cell of a window on the profile's range drivers. */
function cellKey(ctx: DetectorContext, pt: readonly number[], shift: readonly number[] = NO_SHIFT): string {
  const r = ctx.profile.range;
  if (r.length === 0) return '';
  const a = Math.floor(pt[0] / r[0].bin + shift[0]);
  return r.length === 1 ? String(a) : `${a},${Math.floor(pt[1] / r[1].bin + shift[1])}`;
}
const NO_SHIFT = [0, 0];
/** a quarter of a cell either way on each range driver */
const NEAR = [-0.25, 0, 0.25];

/**
 * Whether the baseline covers a window's operating point: its cell was learned, or a learned cell lies within a
 * quarter of a cell of it. A unit running at the edge of a cell (a load of 0.80 that wanders by ±1 %) is on
 * learned ground on either side of the line, not outside its baseline every other minute.
 */
export function covered(
  ctx: DetectorContext,
  cells: Record<string, number>,
  pt: readonly number[],
  min: number,
): boolean {
  const dims = ctx.profile.range.length;
  for (const a of NEAR)
    for (const b of dims > 1 ? NEAR : [0]) if ((cells[cellKey(ctx, pt, [a, b])] ?? 0) >= min) return true;
  return false;
}

function restartCalibration(d: DeviceState['drift']): void {
  d.phaseN = 0;
  for (const sc of d.scales) {
    sc.cn = 0;
    sc.cmean = 0;
    sc.cm2 = 0;
    sc.start = -1;
    sc.n = 0;
    sc.sum = 0;
  }
}

function finishCalibration(ctx: DetectorContext, s: DeviceState): void {
  const d = s.drift;
  const p = ctx.params.drift;
  const raw = d.scales.map((sc) => Math.sqrt(sc.cm2 / Math.max(1, sc.cn - 1)));
  // Slow misfit (residuals correlated over many windows) makes the fast chart's samples less independent than
  // it assumes: if the slow scale's spread is larger than the fast one's divided by √n, widen the fast σ to
  // match, so the fast chart does not accumulate a slow wander into an alarm.
  let inflate = 1;
  for (let i = 1; i < raw.length; i++)
    if (raw[i] > 0 && raw[0] > 0) inflate = Math.max(inflate, (raw[i] * Math.sqrt(p.scales[i].windows)) / raw[0]);
  d.scales.forEach((sc, i) => {
    sc.bias = sc.cmean;
    sc.sigma = Math.max(p.sigmaFloor, raw[i] * (i === 0 ? Math.min(2, inflate) : 1));
    sc.start = -1;
    sc.n = 0;
    sc.sum = 0;
  });
  d.phase = 'monitor';
  d.phaseN = 0;
}

/** A fresh, unlearned drift state (at start, and on a re-learn). */
export function freshDrift(ctx: DetectorContext): DeviceState['drift'] {
  const k = ctx.profile.driverNames.length;
  return {
    phase: 'fit',
    phaseN: 0,
    fitN: 0,
    xtx: new Array<number>(k * k).fill(0),
    xty: new Array<number>(k).fill(0),
    coef: new Array<number>(k).fill(0),
    scales: ctx.params.drift.scales.map(() => ({
      start: -1,
      n: 0,
      sum: 0,
      cn: 0,
      cmean: 0,
      cm2: 0,
      bias: 0,
      sigma: 0,
      cusum: 0,
      run: 0,
    })),
    open: false,
    ewma: 0,
    clearSince: -1,
    recent: [],
    learnedAt: -1,
    cells: {},
    pending: {},
    extN: 0,
  };
}

const mean = (a: number[]) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);

function calibrate(sc: ScaleState, m: number): void {
  sc.cn++;
  const delta = m - sc.cmean;
  sc.cmean += delta / sc.cn;
  sc.cm2 += delta * (m - sc.cmean);
}

/** Adds a window residual to a scale's chart sample; calls `done` when a sample of `windows` windows closes. */
function addSample(
  sc: ScaleState,
  r: number,
  ts: number,
  ctx: DetectorContext,
  windows: number,
  done: (sc: ScaleState, mean: number) => void,
): void {
  const span = windows * ctx.params.windowMs;
  const start = ts - (ts % span);
  if (windows === 1) return done(sc, r);
  if (sc.start !== start) {
    // a sample needs at least half its windows, so a gap does not give a noisy short mean full weight
    if (sc.start >= 0 && sc.n >= Math.ceil(windows / 2)) done(sc, sc.sum / sc.n);
    sc.start = start;
    sc.n = 0;
    sc.sum = 0;
  }
  sc.n++;
  sc.sum += r;
}

function openEvent(
  ctx: DetectorContext,
  s: DeviceState,
  ts: number,
  scale: number,
  shift: number,
  sc: ScaleState,
): DetectionEvent {
  const p = ctx.params.drift;
  const pct = (shift * 100).toFixed(1);
  const dev = ctx.device.id;
  return {
    type: 'open',
    rule: 'drift.cusum',
    kind: 'drift',
    // by size of the loss: ≥ 15 % high, ≥ 5 % medium, smaller shifts low
    priority: shift >= 0.15 ? 'high' : shift >= 0.05 ? 'medium' : 'low',
    ts,
    message: {
      en: `${dev}: energy input ${pct} % above its learned baseline at the same operating point`,
      zh: `${dev}：同工况下能耗较自身基线高 ${pct}%`,
    },
    evidence: {
      estimatedShift: shift,
      residuals: s.drift.recent.slice(),
      baseline: {
        drivers: ctx.profile.driverNames,
        coefficients: s.drift.coef,
        learnedAt: s.drift.learnedAt,
        cells: Object.keys(s.drift.cells).length,
        ranges: ctx.profile.range.map((r) => ({ name: r.name, bin: r.bin })),
        bias: sc.bias,
        sigma: sc.sigma,
      },
      baselineVersion: ctx.baselineVersion,
      chart: {
        ...p.scales[scale],
        kEffective: refValue(p.scales[scale], sc.sigma),
        windowMs: ctx.params.windowMs * p.scales[scale].windows,
        cusum: sc.cusum,
      },
      params: { fitMs: p.fitMs, calibrateMs: p.calibrateMs, sigmaFloor: p.sigmaFloor },
    },
  };
}
