import type { LoggedEntry } from '#contracts';
import type { MeterProblem, RegisterReading, Replacement, RolloverEvent } from '#ledger';

/**
 * How far from its recorded time a meter swap or roll-over is looked for in the readings: the time written on a
 * work order is rarely to the minute, the fall in the register is.
 */
export const SNAP_MS = 60 * 60_000;

/** The meter swaps and roll-overs recorded for one meter's register of one category, at their recorded times. */
export interface RegisterEvents {
  replacements: Replacement[];
  rollovers: RolloverEvent[];
}

type MeterEvent = LoggedEntry & { kind: 'meter_swap' | 'meter_rollover' };

export const isMeterEvent = (e: LoggedEntry): e is MeterEvent =>
  (e.kind === 'meter_swap' || e.kind === 'meter_rollover') && e.tsMs !== undefined;

/** A meter's events of a category (a later entry for the same instant corrects an earlier one). */
export function registerEvents(
  entries: readonly LoggedEntry[],
  plantId: string,
  meterId: string,
  category: string,
): RegisterEvents {
  const swaps = new Map<number, Replacement>();
  const rolls = new Map<number, RolloverEvent>();
  for (const e of entries) {
    if (!isMeterEvent(e) || e.plantId !== plantId || e.meterId !== meterId || e.category !== category) continue;
    if (e.kind === 'meter_swap')
      swaps.set(e.tsMs!, {
        t: e.tsMs!,
        oldFinal: e.oldFinal,
        newInitial: e.newInitial,
        ...(e.rollover !== undefined ? { rollover: e.rollover } : {}),
      });
    else rolls.set(e.tsMs!, { t: e.tsMs!, rollover: e.rollover });
  }
  return { replacements: [...swaps.values()], rollovers: [...rolls.values()] };
}

/**
 * The newest seq of the plant's swaps and roll-overs that can change a day ending at `end`: one recorded before the
 * day's end (plus the snap), since a modulus carries forward. A kept day computed under another value is stale.
 */
export function eventsStamp(entries: readonly LoggedEntry[], plantId: string, end: number): number {
  let seq = 0;
  for (const e of entries) if (isMeterEvent(e) && e.plantId === plantId && e.tsMs! < end + SNAP_MS) seq = e.seq;
  return seq;
}

/**
 * Moves each recorded event to the fall in the register nearest its recorded time (within SNAP_MS): the middle of
 * the two readings around the fall, so the register's own arithmetic splits the interval there. A swap to a meter
 * reading above the old one's final shows no fall and keeps its time. A swap to a lower reading with no fall near it
 * does not match the readings (the wrong meter, the wrong day): it is left out and reported, since applied it would
 * count the old meter's whole register as the new one's run-up.
 */
export function snapEvents(
  ev: RegisterEvents,
  readings: readonly RegisterReading[],
  problems: MeterProblem[] = [],
): RegisterEvents {
  const falls: number[] = [];
  for (let i = 1; i < readings.length; i++)
    if (readings[i]!.value < readings[i - 1]!.value) falls.push((readings[i - 1]!.t + readings[i]!.t) / 2);
  const nearest = (t: number) => {
    let best: number | undefined;
    for (const f of falls)
      if (Math.abs(f - t) <= SNAP_MS && (best === undefined || Math.abs(f - t) < Math.abs(best - t))) best = f;
    return best;
  };
  const inReadings = (t: number) => readings.length > 1 && t >= readings[0]!.t && t <= readings.at(-1)!.t;
  const replacements = ev.replacements.flatMap((r) => {
    const f = nearest(r.t);
    if (f !== undefined) return [{ ...r, t: f }];
    if (r.newInitial >= r.oldFinal || !inReadings(r.t)) return [r];
    problems.push({
      reason: 'REPLACEMENT_NOT_SEEN',
      t: r.t,
      detail: `no fall in the register within ${SNAP_MS / 60_000} min of the swap (${r.oldFinal} → ${r.newInitial}): not applied`,
    });
    return [];
  });
  return { replacements, rollovers: ev.rollovers.map((r) => ({ ...r, t: nearest(r.t) ?? r.t })) };
}

interface Window {
  ts: number;
  min: number;
  max: number;
}

/**
 * A register's 1-minute windows as readings: its minimum at the window's start and its maximum at its end (a register
 * only rises, so period totals equal the register's own differences). A window the register fell inside (a meter
 * swap, a roll-over) holds the new meter's low readings as its minimum and the old one's high readings as its
 * maximum, which would read as one huge rise: such a window, entered by a fall and left by one, is left out, and the
 * fall is then seen once, between the windows around it, where a recorded swap or roll-over explains it.
 */
export function windowReadings(windows: readonly Window[], minuteMs: number): RegisterReading[] {
  const out: RegisterReading[] = [];
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    const prev = windows[i - 1];
    const next = windows[i + 1];
    if (prev && next && w.min < prev.max && w.max > next.min) continue;
    out.push({ t: w.ts, value: w.min }, { t: w.ts + minuteMs - 1, value: w.max });
  }
  return out;
}
