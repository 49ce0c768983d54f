import type { OperatingState } from '#contracts';
import type { OperatingPoint, StateRules } from '#equipment';
import type { DeviceState } from './types.js';

/** Weight of the newest window in the recent load level a transient is measured against (≈ 5 windows). */
const LOAD_REF_ALPHA = 0.2;

/**
 * The operating state machine, one step per closed window:
 * - off: not running (or no data): the next running window starts the unit;
 * - starting: from a start (or after a gap of more than `gapMs` in the data) for `settleMs` of data time;
 * - unloaded: running without output (a compressor's unloaded running);
 * - transient: load moved by more than `transientStep` from its recent level, for `transientHoldMs` after;
 * - steady: everything else; efficiency is judged only here.
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
  if (resumed) {
    s.startedAt = ts;
    s.loadRef = pt.load;
    s.transientUntil = -1;
  }
  if (pt.unloaded) s.state = 'unloaded';
  else {
    if (Math.abs(pt.load - s.loadRef) > rules.transientStep) s.transientUntil = ts + rules.transientHoldMs;
    s.loadRef += LOAD_REF_ALPHA * (pt.load - s.loadRef);
    if (ts - s.startedAt < rules.settleMs) s.state = 'starting';
    else if (ts < s.transientUntil) s.state = 'transient';
    else s.state = 'steady';
  }
  return s.state;
}
