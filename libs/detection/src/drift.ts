import { accumulate, predict, solve } from './regression.js';
import type { DetectionEvent, DetectorContext, DeviceState, ScaleState } from './types.js';

const RECENT = 30;

/**
 * Drift check on one closed aggregation window. Phases: fit (least squares of the energy input on the drivers),
 * calibrate (bias and spread of the relative residual per chart scale), monitor (one-sided CUSUM per scale on the
 * standardised residual: only "more input than learned" is a loss of efficiency).
 */
export function driftWindow(
  ctx: DetectorContext,
  s: DeviceState,
  means: readonly number[],
  x: number[],
  ts: number,
  out: DetectionEvent[],
): { z?: number; cusum?: number } {
  const d = s.drift;
  const p = ctx.params.drift;
  const y = ctx.profile.drift(means, x);
  if (!Number.isFinite(y)) return {};
  if (d.phaseStart < 0) d.phaseStart = ts;

  if (d.phase === 'fit') {
    accumulate(d.xtx, d.xty, x, y);
    d.fitN++;
    if (ts - d.phaseStart >= p.fitMs && d.fitN >= p.minFitWindows) {
      d.coef = solve(d.xtx, d.xty, x.length);
      d.phase = 'calibrate';
      d.phaseStart = ts;
      d.learnedAt = ts;
    }
    return {};
  }
  const yhat = predict(d.coef, x);
  if (!(yhat > 0)) return {};
  const r = (y - yhat) / yhat;
  d.recent.push(r);
  if (d.recent.length > RECENT) d.recent.shift();

  if (d.phase === 'calibrate') {
    for (let i = 0; i < d.scales.length; i++) addSample(d.scales[i], r, ts, ctx, p.scales[i].windows, calibrate);
    if (ts - d.phaseStart >= p.calibrateMs) {
      const raw = d.scales.map((sc) => (sc.cn >= p.minCalSamples ? Math.sqrt(sc.cm2 / (sc.cn - 1)) : 0));
      // Slow misfit (residuals correlated over many windows) makes the fast chart's samples less independent than
      // it assumes: if the slow scale's spread is larger than the fast one's divided by √n, widen the fast σ to
      // match, so the fast chart does not accumulate a slow wander into an alarm.
      let inflate = 1;
      for (let i = 1; i < raw.length; i++)
        if (raw[i] > 0 && raw[0] > 0) inflate = Math.max(inflate, (raw[i] * Math.sqrt(p.scales[i].windows)) / raw[0]);
      d.scales.forEach((sc, i) => {
        sc.bias = sc.cn >= p.minCalSamples ? sc.cmean : 0;
        const usable = sc.cn >= p.minCalSamples;
        sc.sigma = usable ? Math.max(p.sigmaFloor, raw[i] * (i === 0 ? Math.min(2, inflate) : 1)) : 0;
        sc.start = -1;
        sc.n = 0;
        sc.sum = 0;
      });
      d.phase = 'monitor';
      d.phaseStart = ts;
    }
    return {};
  }

  // monitor
  let zFast: number | undefined;
  let alarm = -1;
  for (let i = 0; i < d.scales.length; i++) {
    const sc = d.scales[i];
    if (sc.sigma <= 0) continue;
    const sp = p.scales[i];
    addSample(sc, r, ts, ctx, sp.windows, (st, mean) => {
      const z = (mean - st.bias) / st.sigma;
      if (i === 0) zFast = z;
      st.cusum = Math.max(0, st.cusum + z - sp.k);
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
    const charts = d.scales.every((sc, i) => sc.sigma <= 0 || sc.cusum <= p.scales[i].h / 2);
    if (d.ewma < p.clearBelow && charts) {
      if (d.clearSince < 0) d.clearSince = ts;
      if (ts - d.clearSince >= p.clearDurationMs) {
        d.open = false;
        d.scales.forEach((sc) => (sc.cusum = 0));
        out.push({ type: 'clear', rule: 'drift.cusum', ts, evidence: { ewma: d.ewma } });
      }
    } else d.clearSince = -1;
  }
  return { z: zFast, cusum: d.scales[0].cusum };
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
        bias: sc.bias,
        sigma: sc.sigma,
      },
      baselineVersion: ctx.baselineVersion,
      chart: { ...p.scales[scale], windowMs: ctx.params.windowMs * p.scales[scale].windows, cusum: sc.cusum },
      params: { fitMs: p.fitMs, calibrateMs: p.calibrateMs, sigmaFloor: p.sigmaFloor },
    },
  };
}
