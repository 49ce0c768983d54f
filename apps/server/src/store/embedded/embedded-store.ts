import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import {
  ROLLUP_MS,
  TELEMETRY,
  StoreRejection,
  TelemetryStore,
  type Bucket,
  type RangeQuery,
  type Rollup,
  type SeriesPoint,
  type SeriesQuery,
} from '../telemetry-store.js';
import {
  aggregatePoints,
  ceilTo,
  checkDerivedMeasurement,
  checkPoints,
  floorTo,
  pickFields,
  readingToPoint,
} from '../shared/series.js';
import {
  DAY_MS,
  SEGMENT_MS,
  segmentOf,
  segmentStart,
  index,
  parseLine,
  Segments,
  seriesKey,
  writeAtomic,
  type DayIndex,
  type Stored,
} from './segments.js';

export interface EmbeddedOptions {
  /** days of raw points kept; older days survive as rollups. Longer than ingest's 7-day maximum reading age. */
  rawDays?: number;
  /** days of 1-minute rollups kept; 1-hour rollups are kept for good */
  rollup1mDays?: number;
  /** parsed hour files kept in memory for queries */
  cacheSegments?: number;
  /**
   * parsed hour rollup files kept in memory: a device-by-device read of a plant-local day (the ledger) touches the
   * same 25-26 hour files once per device, so fewer than a day's worth would parse each file again for every device
   */
  cacheRollups?: number;
  now?: () => number;
}

interface Snapshot {
  readings: Reading[];
  /** telemetry day file → bytes already reflected in `readings` */
  offsets: Record<string, number>;
}

const CLOSE_GRACE_MS = 10 * 60_000;

/**
 * Zero-setup store in the data directory: per-hour append-only JSON-lines files (fsync'd before a write resolves),
 * per-hour rollup files, retention by deleting whole files. Memory holds the newest reading per device and a few
 * parsed days; a restart reads a snapshot of the newest readings plus whatever was appended after it.
 * Why not DuckDB: measured in the same run, its durable upserts wrote ~9× slower and block the event loop
 * (docs/storage.md).
 */
export class EmbeddedStore extends TelemetryStore {
  private readonly seg: Segments;
  private readonly cache = new Map<string, DayIndex>();
  /** `<res>/<m>/<segment>` → a sealed hour's windows, least recently used first */
  private readonly rollupCache = new Map<string, Record<string, Bucket[]>>();
  private readonly cacheRollups: number;
  private readonly newest = new Map<string, Reading>();
  /** bumped by every write into a day, so a rollup computed from an older state of the day is not kept */
  private readonly generation = new Map<string, number>();
  private readonly rawDays: number;
  private readonly rollup1mDays: number;
  private readonly cacheDays: number;
  private readonly now: () => number;
  private timers: NodeJS.Timeout[] = [];
  private sweeping: Promise<void> = Promise.resolve();
  /** the last failure of a background task (sweep, snapshot); the next round retries, nothing is lost */
  lastError?: Error;
  private open = false;

  constructor(
    private readonly dataDir: string,
    opts: EmbeddedOptions = {},
  ) {
    super();
    this.seg = new Segments(join(dataDir, 'store'));
    this.rawDays = opts.rawDays ?? 8;
    this.rollup1mDays = opts.rollup1mDays ?? 365;
    this.cacheDays = opts.cacheSegments ?? 6;
    this.cacheRollups = opts.cacheRollups ?? 28;
    this.now = opts.now ?? Date.now;
  }

  async init(): Promise<void> {
    this.open = true;
    await this.migrateSingleLog();
    const snap = this.readSnapshot();
    for (const r of snap.readings) this.noteNewest(r);
    for (const day of this.seg.days('raw', TELEMETRY)) {
      const size = statSync(this.seg.rawPath(TELEMETRY, day)).size;
      const done = snap.offsets[day] ?? 0;
      if (size > done) for (const s of this.seg.tail(TELEMETRY, day, done)) this.noteNewest(s.r!);
    }
    // sealing hours that closed while the process was down can take a while: not on the boot path
    this.sweeping = this.sweepSafely();
    this.timers = [
      setInterval(() => void this.writeSnapshot().catch((e: Error) => (this.lastError = e)), 60_000),
      setInterval(() => void (this.sweeping = this.sweeping.then(() => this.sweepSafely())), 5 * 60_000),
    ];
    this.timers.forEach((t) => t.unref());
  }

  write(readings: readonly Reading[]): Promise<void> {
    return this.append(
      TELEMETRY,
      readings.map((r) => ({ s: { p: readingToPoint(r), r }, line: JSON.stringify(r) })),
    );
  }

  async writePoints(measurement: string, points: readonly SeriesPoint[]): Promise<void> {
    checkDerivedMeasurement(measurement);
    checkPoints(points);
    await this.append(
      measurement,
      points.map((p) => ({ s: { p }, line: JSON.stringify(p) })),
    );
  }

  async latest(plantId?: string): Promise<Reading[]> {
    return [...this.newest.values()].filter((r) => plantId === undefined || r.plantId === plantId);
  }

  async range(q: RangeQuery): Promise<Reading[]> {
    return (await this.scan(TELEMETRY, q)).map((s) => s.r!);
  }

  async points(q: SeriesQuery): Promise<SeriesPoint[]> {
    return (await this.scan(q.measurement ?? TELEMETRY, q)).map((s) => ({
      ...s.p,
      values: pickFields(s.p.values, q.fields),
    }));
  }

  async aggregate(q: SeriesQuery, resolution: Rollup): Promise<Bucket[]> {
    const m = q.measurement ?? TELEMETRY;
    const step = ROLLUP_MS[resolution];
    const from = floorTo(q.from, step);
    const to = ceilTo(q.to, step);
    const key = seriesKey(q.plantId, q.deviceId);
    const out: Bucket[] = [];
    for (const day of segmentsIn(from, to)) {
      const buckets = (await this.rollups(m, day, resolution))[key] ?? [];
      for (const b of buckets)
        if (b.ts >= from && b.ts < to) {
          const values = pickFields(b.values, q.fields);
          if (Object.keys(values).length) out.push({ ts: b.ts, values });
        }
    }
    return out;
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.timers.forEach((t) => clearInterval(t));
    await this.sweeping;
    await this.writeSnapshot();
    await this.seg.close();
  }

  private async append(m: string, items: Array<{ s: Stored; line: string }>): Promise<void> {
    if (!this.open) throw new Error('embedded store not initialised');
    const horizon = this.rawHorizon();
    const byDay = new Map<string, typeof items>();
    for (const it of items) {
      if (it.s.p.ts < horizon)
        throw new StoreRejection(
          `point at ${new Date(it.s.p.ts).toISOString()} is older than the ${this.rawDays}-day raw retention`,
        );
      const day = segmentOf(it.s.p.ts);
      const list = byDay.get(day);
      if (list) list.push(it);
      else byDay.set(day, [it]);
    }
    for (const [day, list] of byDay) {
      const k = `${m}/${day}`;
      this.generation.set(k, (this.generation.get(k) ?? 0) + 1);
      // a late reading for a day whose rollups exist: drop them first, they are recomputed from raw when read
      this.forgetRollups(m, day);
      await this.seg.dropRollups(m, day);
      await this.seg.append(
        m,
        day,
        list.map((it) => it.line),
      );
      const idx = this.cache.get(k);
      if (idx) for (const it of list) index(idx, it.s);
    }
    if (m === TELEMETRY) for (const it of items) this.noteNewest(it.s.r!);
  }

  private async scan(m: string, q: RangeQuery): Promise<Stored[]> {
    const key = seriesKey(q.plantId, q.deviceId);
    const out: Stored[] = [];
    for (const day of segmentsIn(q.from, q.to)) {
      const points = (await this.day(m, day)).get(key);
      if (points) for (const s of points.values()) if (s.p.ts >= q.from && s.p.ts < q.to) out.push(s);
    }
    return out.sort((a, b) => a.p.ts - b.p.ts);
  }

  private async day(m: string, day: string): Promise<DayIndex> {
    const k = `${m}/${day}`;
    let idx = this.cache.get(k);
    if (idx) {
      this.cache.delete(k); // re-insert: Map order is the LRU order
    } else {
      idx = await this.seg.load(m, day);
      if (this.cache.size >= this.cacheDays) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(k, idx);
    return idx;
  }

  /** a day's windows for every series: from its rollup file when the day is closed, else computed from raw */
  private async rollups(m: string, day: string, res: Rollup): Promise<Record<string, Bucket[]>> {
    const ck = `${res}/${m}/${day}`;
    const hit = this.rollupCache.get(ck);
    if (hit) {
      this.rollupCache.delete(ck); // re-insert: Map order is the LRU order
      this.rollupCache.set(ck, hit);
      return hit;
    }
    const gen0 = this.generation.get(`${m}/${day}`) ?? 0;
    const stored = await this.seg.readRollup(res, m, day);
    if (stored) {
      // a write into the hour while the file was read drops the file; this copy is then not kept either
      if ((this.generation.get(`${m}/${day}`) ?? 0) === gen0) {
        this.rollupCache.set(ck, stored);
        if (this.rollupCache.size > this.cacheRollups) this.rollupCache.delete(this.rollupCache.keys().next().value!);
      }
      return stored;
    }
    if (!existsSync(this.seg.rawPath(m, day))) return {};
    const k = `${m}/${day}`;
    const gen = this.generation.get(k) ?? 0;
    const computed = computeRollups(await this.day(m, day));
    if (segmentStart(day) + SEGMENT_MS + CLOSE_GRACE_MS < this.now() && (this.generation.get(k) ?? 0) === gen) {
      await this.seg.writeRollup('1m', m, day, computed['1m']);
      await this.seg.writeRollup('1h', m, day, computed['1h']);
    }
    return computed[res];
  }

  private forgetRollups(m: string, day: string): void {
    for (const res of ['1m', '1h'] as const) this.rollupCache.delete(`${res}/${m}/${day}`);
  }

  private sweepSafely(): Promise<void> {
    return this.sweep().catch((e: Error) => {
      this.lastError = e;
    });
  }

  /**
   * Seals every closed hour (writes its rollup files, so windows never parse raw data again), keeps raw data for
   * `rawDays`, then only the rollups; 1-minute rollups for `rollup1mDays`.
   */
  async sweep(): Promise<void> {
    const rawHorizon = segmentOf(this.rawHorizon());
    const m1Horizon = segmentOf(this.now() - this.rollup1mDays * DAY_MS);
    for (const m of this.seg.measurements()) {
      for (const seg of this.seg.days('raw', m)) {
        if (!this.open) return;
        await this.rollups(m, seg, '1m'); // writes both rollup files once the hour is closed
        if (seg >= rawHorizon) continue;
        await this.seg.dropRaw(m, seg);
        this.cache.delete(`${m}/${seg}`);
      }
      for (const day of this.seg.days('1m', m))
        if (day < m1Horizon) {
          this.rollupCache.delete(`1m/${m}/${day}`);
          await this.seg.dropRollup('1m', m, day);
        }
    }
  }

  private rawHorizon(): number {
    // whole UTC days: the horizon moves once a day
    return Math.floor((this.now() - (this.rawDays - 1) * DAY_MS) / DAY_MS) * DAY_MS;
  }

  private noteNewest(r: Reading): void {
    const k = seriesKey(r.plantId, r.deviceId);
    const cur = this.newest.get(k);
    if (!cur || r.ts >= cur.ts) this.newest.set(k, r);
  }

  private get snapshotPath(): string {
    return join(this.seg.root, 'newest.json');
  }

  private readSnapshot(): Snapshot {
    try {
      return JSON.parse(readFileSync(this.snapshotPath, 'utf8')) as Snapshot;
    } catch {
      return { readings: [], offsets: {} };
    }
  }

  private async writeSnapshot(): Promise<void> {
    const offsets: Record<string, number> = {};
    for (const day of this.seg.days('raw', TELEMETRY)) offsets[day] = statSync(this.seg.rawPath(TELEMETRY, day)).size;
    await writeAtomic(this.snapshotPath, JSON.stringify({ readings: [...this.newest.values()], offsets }));
  }

  /** the first version kept one `telemetry.jsonl`; its readings move into day files once */
  private async migrateSingleLog(): Promise<void> {
    const old = join(this.dataDir, 'telemetry.jsonl');
    if (!existsSync(old)) return;
    const items = readFileSync(old, 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => {
        try {
          return [{ s: parseLine(TELEMETRY, line), line }];
        } catch {
          return [];
        }
      })
      .filter((it) => it.s.p.ts >= this.rawHorizon());
    await this.append(TELEMETRY, items);
    renameSync(old, `${old}.migrated`);
  }
}

function computeRollups(idx: DayIndex): Record<Rollup, Record<string, Bucket[]>> {
  const out: Record<Rollup, Record<string, Bucket[]>> = { '1m': {}, '1h': {} };
  for (const [key, points] of idx) {
    const ps = [...points.values()].map((s) => s.p);
    out['1m'][key] = aggregatePoints(ps, ROLLUP_MS['1m']);
    out['1h'][key] = aggregatePoints(ps, ROLLUP_MS['1h']);
  }
  return out;
}

function* segmentsIn(from: number, to: number): Generator<string> {
  for (let t = floorTo(from, SEGMENT_MS); t < to; t += SEGMENT_MS) yield segmentOf(t);
}
