import type { DeviceSpec } from '#contracts';
import {
  createContext,
  initialState,
  step,
  DEFAULT_PARAMS,
  type DetectionEvent,
  type DetectionParams,
  type DeviceState,
} from '#detection';
import type { DetectorFactory, EvalEvent } from './eval.js';

/**
 * The pure detection core (#detection) behind the evaluation's detector port: a fresh context and state per run,
 * alert opens and clears out, each with a line of diagnostics (`detail`) for `--verbose`; KPI events are ignored.
 */
export function coreDetector(params: DetectionParams = DEFAULT_PARAMS): DetectorFactory {
  return (device: DeviceSpec) => {
    const ctx = createContext(device, params);
    let s = initialState(ctx);
    let load = NaN;
    return {
      step(r) {
        const res = step(ctx, r, s);
        s = res.state;
        const out: EvalEvent[] = [];
        for (const e of res.events)
          if (e.type === 'kpi') load = e.kpi.load;
          else if (e.type === 'open')
            out.push({ type: 'open', rule: e.rule, kind: e.kind, detail: detail(e, s, load) });
          else out.push({ type: 'clear', rule: e.rule, kind: '' });
        return out;
      },
    };
  };
}

const f = (v: unknown, d = 4) => (typeof v === 'number' ? v.toFixed(d) : String(v));

/** What raised an alert: operating state, time since the unit started, load, and the rule's own figures. */
function detail(e: DetectionEvent & { type: 'open' }, s: DeviceState, load: number): string {
  const since = s.op.startedAt >= 0 ? ((e.ts - s.op.startedAt) / 60_000).toFixed(0) : '—';
  const head = `state=${s.op.state} sinceStart=${since}min load=${f(load, 2)}`;
  const ev = e.evidence as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (e.rule === 'drift.cusum') {
    const b = ev.baseline ?? {};
    return (
      `${head} shift=${f(ev.estimatedShift)} bias=${f(b.bias)} sigma=${f(b.sigma)} chart=${ev.chart?.windows}w ` +
      `cells=${b.cells} ext=${s.drift.extN} coef=[${(b.coefficients ?? []).map((c: number) => c.toPrecision(3)).join(',')}]`
    );
  }
  const k = ev.kpi ?? {};
  return `${head} kpi=${f(k.value)} limit=${f(k.limit)} shortfall=${f(k.shortfall)} window=[${(ev.kpiWindow ?? []).join(',')}]`;
}
