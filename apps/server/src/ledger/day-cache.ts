import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { DeviceSpec, LoggedEntry, Reading } from '#contracts';
import { CATEGORIES, periodsBetween, type Span } from '#ledger';
import type { TelemetryStore } from '../store/telemetry-store.js';
import { writeAtomic } from '../store/embedded/segments.js';
import { channelsOf, expectedChannels, fieldsOf, outputOf } from './channels.js';
import { deviceDay, silentDay, type DeviceDay } from './device-day.js';
import { eventsStamp, registerEvents } from './register-events.js';

/** A plant's metered figures over one plant-local day, per device, per 15-minute period. */
export interface PlantDay {
  /** 2: a device silent all day has rows of its own (counted as missing); days saved by version 1 are computed again */
  v: 2;
  plantId: string;
  date: string;
  start: number;
  end: number;
  periods: Span[];
  devices: DeviceDay[];
  /** the newest meter swap or roll-over entry (seq) the day was computed with (register-events.ts) */
  events?: number;
}

const MINUTE = 60_000;
/** a day is kept on disk once it ended this long ago and no late reading for it arrived within the last minute */
const CLOSE_GRACE_MS = 15 * MINUTE;
const SETTLE_MS = MINUTE;
const MEMORY_DAYS = 256;
const RECENT_MS = 10_000;

export const dayStart = (date: string, zone: string): number =>
  DateTime.fromISO(date, { zone }).startOf('day').toMillis();
export const localDate = (t: number, zone: string): string => DateTime.fromMillis(t, { zone }).toISODate()!;

/**
 * The plant-local date of an instant, remembering the last day found: readings arrive in time order, so nearly all
 * of them fall in the day of the one before, and a range check replaces a time-zone conversion (which profiled at a
 * third of the server's CPU when done for every reading).
 */
export class LocalDays {
  private last = { start: 0, end: 0, date: '' };

  constructor(private readonly zone: string) {}

  dateOf(t: number): string {
    const l = this.last;
    if (t >= l.start && t < l.end) return l.date;
    const day = DateTime.fromMillis(t, { zone: this.zone }).startOf('day');
    this.last = { start: day.toMillis(), end: day.plus({ days: 1 }).toMillis(), date: day.toISODate()! };
    return this.last.date;
  }
}

/**
 * The ledger's materialised days: each plant-day is computed once from the store's 1-minute rollups (never from
 * raw readings) and kept as a file under `<dataDir>/ledger/days`; a late reading for a day drops its file, and the
 * day is computed again when next read. Today and days still receiving late readings are computed, not kept.
 */
export class DayCache {
  private readonly memory = new Map<string, PlantDay>();
  /** days computed but not kept (today, or late readings still arriving): reused for a few seconds */
  private readonly recent = new Map<string, { day: PlantDay; gen?: { n: number; at: number }; at: number }>();
  /** plant|date → bumped by every late reading; a computation that saw another generation is not kept */
  private readonly generation = new Map<string, { n: number; at: number }>();
  private readonly categoryIds = CATEGORIES.map((c) => c.id);
  private readonly today: LocalDays;
  private readonly days: LocalDays;

  constructor(
    private readonly dir: string,
    private readonly store: TelemetryStore,
    private readonly devicesOf: (plantId: string) => DeviceSpec[],
    readonly zone: string,
    private readonly now: () => number = Date.now,
    /** the entries made by hand: meter swaps and roll-overs change how registers are read */
    private readonly entries: () => readonly LoggedEntry[] = () => [],
  ) {
    this.today = new LocalDays(zone);
    this.days = new LocalDays(zone);
  }

  /** a kept day is stale once a swap or roll-over that reaches it was entered after it was computed */
  private fresh(day: PlantDay): boolean {
    return day.v === 2 && (day.events ?? 0) === eventsStamp(this.entries(), day.plantId, day.end);
  }

  private path(plantId: string, date: string): string {
    return join(this.dir, 'days', plantId, `${date}.json`);
  }

  /** Readings that arrived for a day already past: its figures are recomputed on the next read. */
  noteReadings(readings: readonly Reading[]): void {
    const now = this.now();
    const today = this.today.dateOf(now);
    let done = '';
    for (const r of readings) {
      const date = this.days.dateOf(r.ts);
      if (r.ts > now - 5 * MINUTE && date === today) continue;
      // a late batch is mostly one plant and day: invalidated once, not once per reading
      const k = `${r.plantId}|${date}`;
      if (k === done) continue;
      done = k;
      this.invalidate(r.plantId, date);
    }
  }

  invalidate(plantId: string, date: string): void {
    const k = `${plantId}|${date}`;
    const g = this.generation.get(k);
    this.generation.set(k, { n: (g?.n ?? 0) + 1, at: this.now() });
    this.memory.delete(k);
    this.recent.delete(k);
    void rm(this.path(plantId, date), { force: true }).catch(() => undefined);
  }

  /** whether no late reading for the day was noted within the last `ms` (its data has stopped arriving) */
  quiet(plantId: string, date: string, ms: number): boolean {
    const g = this.generation.get(`${plantId}|${date}`);
    return !g || g.at + ms <= this.now();
  }

  async get(plantId: string, date: string): Promise<PlantDay> {
    const k = `${plantId}|${date}`;
    const mem = this.memory.get(k);
    if (mem && this.fresh(mem)) {
      this.memory.delete(k);
      this.memory.set(k, mem);
      return mem;
    }
    const path = this.path(plantId, date);
    const gen = this.generation.get(k);
    if (existsSync(path)) {
      try {
        const day = JSON.parse(await readFile(path, 'utf8')) as PlantDay;
        if (this.fresh(day)) {
          if (this.generation.get(k) === gen) this.remember(k, day);
          return day;
        }
      } catch {
        // a file cut short is computed again
      }
    }
    const r = this.recent.get(k);
    if (r && r.gen === gen && r.at + RECENT_MS > this.now() && this.fresh(r.day)) return r.day;
    const day = await this.compute(plantId, date);
    const g = this.generation.get(k);
    this.recent.set(k, { day, gen: g, at: this.now() });
    if (this.recent.size > MEMORY_DAYS) this.recent.delete(this.recent.keys().next().value!);
    const settled = !g || g.at + SETTLE_MS < this.now();
    if (day.end + CLOSE_GRACE_MS < this.now() && g === gen && settled) {
      await writeAtomic(path, JSON.stringify(day));
      this.remember(k, day);
    }
    return day;
  }

  private remember(k: string, day: PlantDay): void {
    this.memory.set(k, day);
    if (this.memory.size > MEMORY_DAYS) this.memory.delete(this.memory.keys().next().value!);
  }

  private async compute(plantId: string, date: string): Promise<PlantDay> {
    const start = dayStart(date, this.zone);
    const end = DateTime.fromMillis(start, { zone: this.zone }).plus({ days: 1 }).toMillis();
    const periods = periodsBetween(start, end, '15min', this.zone).map((p) => ({ start: p.start, end: p.end }));
    const devices: DeviceDay[] = [];
    const entries = [...this.entries()];
    const events = eventsStamp(entries, plantId, end);
    for (const d of this.devicesOf(plantId)) {
      const channels = channelsOf(d, this.categoryIds);
      const output = outputOf(d);
      if (!channels.length && !output) continue;
      const buckets = await this.store.aggregate(
        { plantId, deviceId: d.id, from: start - MINUTE, to: end + MINUTE, fields: fieldsOf(channels, output) },
        '1m',
      );
      if (!buckets.length) {
        const silent = silentDay(d.id, periods, expectedChannels(d, this.categoryIds));
        if (silent.channels.length) devices.push(silent);
        continue;
      }
      const dd = deviceDay(d.id, buckets, periods, channels, output, (c) => registerEvents(entries, plantId, d.id, c));
      if (dd.channels.length || dd.output) devices.push(dd);
    }
    return { v: 2, plantId, date, start, end, periods, devices, ...(events ? { events } : {}) };
  }
}
