import type { ClearEvent, OpenEvent } from './types.js';

/**
 * A device that stops sending raises nothing in the per-reading core: a gap is seen only when the next reading
 * arrives. This decides, at a wall-clock instant the caller passes in (a ticker outside the core), which devices
 * have been silent longer than `gapMs` since the platform last received from them, and which silent ones have
 * spoken again. No clock and no I/O here.
 */
export interface SilenceWatch {
  /** per device key: wall-clock time the platform last received a reading from it */
  lastSeen: Map<string, number>;
  /** keys with an open silence alert */
  silent: Set<string>;
}

export const newSilenceWatch = (): SilenceWatch => ({ lastSeen: new Map(), silent: new Set() });

/** Records that a reading from `key` arrived at wall-clock `now`; returns true when its silence alert must clear. */
export function heard(w: SilenceWatch, key: string, now: number): boolean {
  w.lastSeen.set(key, now);
  return w.silent.delete(key);
}

/** Keys that fell silent at `now` (each reported once, until `heard` again). */
export function fallenSilent(w: SilenceWatch, now: number, gapMs: number): Array<{ key: string; since: number }> {
  const out: Array<{ key: string; since: number }> = [];
  for (const [key, at] of w.lastSeen)
    if (!w.silent.has(key) && now - at > gapMs) {
      w.silent.add(key);
      out.push({ key, since: at });
    }
  return out;
}

/** Forgets a device (deleted from the fleet). */
export function forgetSilence(w: SilenceWatch, key: string): void {
  w.lastSeen.delete(key);
  w.silent.delete(key);
}

/** The alert a silent device raises: data quality, low priority, with the last receipt time as its evidence. */
export function silenceOpen(
  device: { id: string; name: string },
  since: number,
  now: number,
  gapMs: number,
): OpenEvent {
  const minutes = Math.round((now - since) / 60_000);
  return {
    type: 'open',
    rule: 'dq.silent',
    kind: 'data_quality',
    priority: 'low',
    ts: since,
    message: {
      en: `${device.name}: no data for ${minutes} min`,
      zh: `${device.name}：已 ${minutes} 分钟无数据`,
    },
    evidence: { lastReceivedAt: since, checkedAt: now, silentMs: now - since, gapMs },
  };
}

export const silenceClear = (now: number): ClearEvent => ({ type: 'clear', rule: 'dq.silent', ts: now });
