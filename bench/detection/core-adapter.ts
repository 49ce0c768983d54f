import type { DeviceSpec } from '#contracts';
import { createContext, initialState, step, DEFAULT_PARAMS, type DetectionParams } from '#detection';
import type { DetectorFactory, EvalEvent } from './eval.js';

/**
 * The pure detection core (#detection) behind the evaluation's detector port: a fresh context and state per run,
 * alert opens and clears out; KPI events and anything else are ignored.
 */
export function coreDetector(params: DetectionParams = DEFAULT_PARAMS): DetectorFactory {
  return (device: DeviceSpec) => {
    const ctx = createContext(device, params);
    let s = initialState(ctx);
    return {
      step(r) {
        const res = step(ctx, r, s);
        s = res.state;
        const out: EvalEvent[] = [];
        for (const e of res.events)
          if (e.type === 'open') out.push({ type: 'open', rule: e.rule, kind: e.kind });
          else if (e.type === 'clear') out.push({ type: 'clear', rule: e.rule, kind: '' });
        return out;
      },
    };
  };
}
