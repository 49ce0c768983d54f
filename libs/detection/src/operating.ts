import type { OperatingState } from '#contracts';
import type { OperatingPoint, StateRules } from '#equipment';
import type { DeviceState } from './types.js';

/** Weight of the newest window in the recent load level a transient is measured against (≈ 5 windows). */
const LOAD_REF_ALPHA = 0.2;
/** Weights of the steadiness test's fast (≈ 5 windows) and slow (≈ 15 windows) levels of the output/input ratio. */
const RATIO_FAST = 0.2;
const RATIO_SLOW = 1 / 15;

/**
 * The operating state machine, one step per closed window:
 * - off: not running (or no data): the next running window starts the unit;
 * - starting: from a start (or after a gap of more than `gapMs` in the data) for `settleMs` of data time;
 * - unloaded: running without output (a compressor's unloaded running);
 * - transient: load moved by more than `transientStep` from its recent level, for `transientHoldMs` after;
 * - steady: everything else; efficiency is judged only here.
 * Classes with a steadiness test (`settleTol`) leave starting and transient only once their output/input ratio
 * has settled as well.
 */
export function nextState(
  s: DeviceState['op'],
  pt: OperatingPoint,
  rules: StateRules,
  ts: number,
  gapMs: number,
): OperatingState {
  const resumed = s.state === 'off' || s.lastWindow < 0 || ts - s.lastWindow > gapMs;
  s.lastWindow = ts;
  if (!pt.running) {
    s.state = 'off';
    return s.state;
  }
  const hasTest = rules.settleTol !== undefined;
  const test = hasTest && pt.ratio !== undefined && Number.isFinite(pt.ratio);
  if (resumed) {
    s.startedAt = ts;
    s.loadRef = pt.load;
    s.transientUntil = -1;
    s.settled = !hasTest;
    s.warm = !hasTest;
    s.rFast = s.rSlow = undefined;
    s.rN = 0;
  }
  if (pt.unloaded) s.state = 'unloaded';
  else {
    if (Math.abs(pt.load - s.loadRef) > rules.transientStep) {
      s.transientUntil = ts + rules.transientHoldMs;
      if (hasTest) s.settled = false;
    }
    s.loadRef += LOAD_REF_ALPHA * (pt.load - s.loadRef);
    if (test) {
      const r = pt.ratio!;
      s.rFast = s.rFast === undefined ? r : s.rFast + RATIO_FAST * (r - s.rFast);
      s.rSlow = s.rSlow === undefined ? r : s.rSlow + RATIO_SLOW * (r - s.rSlow);
      s.rN = (s.rN ?? 0) + 1;
      // judged only once the minimum settle or hold has passed and the slow level has seen its span of windows;
      // settled once, it stays settled until the next start or load step: a fault that moves the ratio while the
      // unit runs steadily must be judged, not hidden as a transient
      const due = ts - s.startedAt >= rules.settleMs && ts >= s.transientUntil && s.rN >= 1 / RATIO_SLOW;
      if (!s.settled && due && Math.abs(s.rFast - s.rSlow) <= rules.settleTol! * Math.abs(s.rSlow))
        s.settled = s.warm = true;
    }
    // a unit that has not settled since its start is starting, whatever its load does meanwhile
    if (ts - s.startedAt < rules.settleMs || s.warm === false) s.state = 'starting';
    else if (ts < s.transientUntil || s.settled === false) s.state = 'transient';
    else s.state = 'steady';
  }
  return s.state;
}
