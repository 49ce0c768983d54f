import type { LedgerSource, LoggedEntry } from '#contracts';
import { energyFromRegister } from '#ledger';
import type { PlantDay } from './day-cache.js';
import { registerEvents, snapEvents } from './register-events.js';

/** A device's (or an unconnected meter's) figures of one category over a day, after the entries made by hand. */
export interface DayRow {
  deviceId: string;
  category: string;
  source: LedgerSource;
  q: number[];
  c: number[];
  /** heating value to convert with, MJ per base unit: a receipt's lab figure, else the meter's own */
  ncv?: number;
}

export interface DayOutput {
  line: string;
  product: string;
  unit: string;
  q: number[];
  source: 'integrated' | 'manual';
}

const DAYS_62 = 62 * 86_400_000;

/** Spreads `total` over a profile in proportion to it (evenly when the profile is all zero). */
function reshape(q: readonly number[], total: number): number[] {
  const sum = q.reduce((s, x) => s + x, 0);
  return sum > 0 ? q.map((x) => (x * total) / sum) : q.map(() => total / q.length);
}

/**
 * A plant-day's metered figures with the plant's manual entries applied (pure): a correction replaces a device's
 * day figure of a category (the latest entry wins; the profile keeps its shape), a receipt's laboratory NCV applies
 * to its fuel from its date until the next receipt, readings of unconnected meters become rows of their own, and
 * an output entered for the day replaces the metered one.
 */
export function dayRows(day: PlantDay, entries: readonly LoggedEntry[]): { rows: DayRow[]; outputs: DayOutput[] } {
  const mine = entries.filter((e) => 'plantId' in e && e.plantId === day.plantId);
  const n = day.periods.length;
  const rows: DayRow[] = [];
  for (const d of day.devices)
    for (const ch of d.channels)
      rows.push({
        deviceId: d.deviceId,
        category: ch.category,
        source: ch.source,
        q: ch.q,
        c: ch.c,
        ...(ch.ncv !== undefined ? { ncv: ch.ncv } : {}),
      });
  // readings of meters with no connection: the register's difference, spread over the time between readings
  const manualMeters = new Map<string, Array<{ t: number; value: number }>>();
  for (const e of mine)
    if (e.kind === 'meter_reading' && e.tsMs !== undefined) {
      const k = `${e.meterId}|${e.category}`;
      const list = manualMeters.get(k) ?? [];
      list.push({ t: e.tsMs, value: e.value });
      manualMeters.set(k, list);
    }
  for (const [k, readings] of manualMeters) {
    const [meterId, category] = k.split('|') as [string, string];
    // a later entry for the same instant corrects the earlier one
    const byT = [...new Map(readings.map((r) => [r.t, r])).values()].sort((a, b) => a.t - b.t);
    // a meter exchanged or rolled over between readings: the swap's or roll-over's entry explains the fall
    const events = snapEvents(registerEvents(entries, day.plantId, meterId, category), byT);
    const r = energyFromRegister(byT, day.periods, { maxIntervalMs: DAYS_62, ...events });
    if (r.figures.some((f) => f.value > 0))
      rows.push({
        deviceId: meterId,
        category,
        source: 'manual',
        q: r.figures.map((f) => f.value),
        c: r.figures.map((f) => f.completeness),
      });
  }
  for (const e of mine) {
    if (e.kind !== 'correction' || e.date !== day.date) continue;
    const i = rows.findIndex((r) => r.deviceId === e.deviceId && r.category === e.category);
    const base = i >= 0 ? rows[i]! : undefined;
    const row: DayRow = {
      deviceId: e.deviceId,
      category: e.category,
      source: 'corrected',
      q: reshape(base?.q ?? new Array<number>(n).fill(0), e.quantity),
      c: new Array<number>(n).fill(1),
      ...(base?.ncv !== undefined ? { ncv: base.ncv } : {}),
    };
    if (i >= 0) rows[i] = row;
    else rows.push(row);
  }
  // the laboratory's figure of the lot in use: the latest receipt on or before the day
  const receipts = mine.filter((e) => e.kind === 'receipt' && e.date <= day.date);
  for (const row of rows) {
    let best: (LoggedEntry & { kind: 'receipt' }) | undefined;
    for (const e of receipts)
      if (e.kind === 'receipt' && e.category === row.category && (!best || e.date >= best.date)) best = e;
    if (best) row.ncv = best.ncv;
  }
  const outputs: DayOutput[] = [];
  for (const d of day.devices)
    if (d.output)
      outputs.push({
        line: d.deviceId,
        product: d.output.product,
        unit: d.output.unit,
        q: d.output.q,
        source: 'integrated',
      });
  for (const e of mine) {
    if (e.kind !== 'output' || e.period !== day.date) continue;
    const i = outputs.findIndex((o) => o.line === e.line && o.product === e.product);
    const o: DayOutput = {
      line: e.line,
      product: e.product,
      unit: e.unit,
      q: reshape(i >= 0 ? outputs[i]!.q : new Array<number>(n).fill(0), e.quantity),
      source: 'manual',
    };
    if (i >= 0) outputs[i] = o;
    else outputs.push(o);
  }
  return { rows, outputs };
}
