import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import {
  ROLLUP_MS,
  TELEMETRY,
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

type Stored = { m: string; p: SeriesPoint; r?: Reading };

/**
 * Zero-setup store: an append-only JSON-lines log in the data directory, indexed in memory.
 * A write resolves after fsync, so an acknowledged batch survives a crash.
 */
export class EmbeddedStore extends TelemetryStore {
  /** measurement → "plant/device" → ts → point */
  private readonly series = new Map<string, Map<string, Map<number, Stored>>>();
  private file?: FileHandle;
  private readonly path: string;

  constructor(dataDir: string) {
    super();
    mkdirSync(dataDir, { recursive: true });
    this.path = join(dataDir, 'telemetry.jsonl');
  }

  async init(): Promise<void> {
    if (existsSync(this.path)) {
      for (const line of readFileSync(this.path, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const rec = JSON.parse(line) as Reading | { m: string; p: SeriesPoint };
          if ('m' in rec) this.index({ m: rec.m, p: rec.p });
          else this.index({ m: TELEMETRY, p: readingToPoint(rec), r: rec });
        } catch {
          // a torn last line after a crash: the write was never acknowledged, so skipping it loses nothing
        }
      }
    }
    this.file = await open(this.path, 'a');
  }

  async write(readings: readonly Reading[]): Promise<void> {
    await this.append(
      readings.map((r) => JSON.stringify(r)),
      readings.map((r) => ({ m: TELEMETRY, p: readingToPoint(r), r })),
    );
  }

  async writePoints(measurement: string, points: readonly SeriesPoint[]): Promise<void> {
    checkDerivedMeasurement(measurement);
    checkPoints(points);
    await this.append(
      points.map((p) => JSON.stringify({ m: measurement, p })),
      points.map((p) => ({ m: measurement, p })),
    );
  }

  async latest(plantId?: string): Promise<Reading[]> {
    const out: Reading[] = [];
    for (const [key, points] of this.series.get(TELEMETRY) ?? []) {
      if (plantId !== undefined && !key.startsWith(`${plantId}/`)) continue;
      let best: Stored | undefined;
      for (const s of points.values()) if (!best || s.p.ts > best.p.ts) best = s;
      if (best?.r) out.push(best.r);
    }
    return out;
  }

  async range(q: RangeQuery): Promise<Reading[]> {
    return this.scan(TELEMETRY, q).map((s) => s.r!);
  }

  async points(q: SeriesQuery): Promise<SeriesPoint[]> {
    return this.scan(q.measurement ?? TELEMETRY, q).map((s) => ({ ...s.p, values: pickFields(s.p.values, q.fields) }));
  }

  async aggregate(q: SeriesQuery, resolution: Rollup): Promise<Bucket[]> {
    const step = ROLLUP_MS[resolution];
    const span = { ...q, from: floorTo(q.from, step), to: ceilTo(q.to, step) };
    return aggregatePoints(
      this.scan(q.measurement ?? TELEMETRY, span).map((s) => s.p),
      step,
      q.fields,
    );
  }

  async close(): Promise<void> {
    await this.file?.close();
    this.file = undefined;
  }

  private scan(measurement: string, q: RangeQuery): Stored[] {
    const points = this.series.get(measurement)?.get(`${q.plantId}/${q.deviceId}`);
    if (!points) return [];
    return [...points.values()].filter((s) => s.p.ts >= q.from && s.p.ts < q.to).sort((a, b) => a.p.ts - b.p.ts);
  }

  private async append(lines: string[], stored: Stored[]): Promise<void> {
    if (!this.file) throw new Error('embedded store not initialised');
    if (lines.length === 0) return;
    await this.file.appendFile(lines.join('\n') + '\n');
    await this.file.sync();
    for (const s of stored) this.index(s);
  }

  private index(s: Stored): void {
    let m = this.series.get(s.m);
    if (!m) this.series.set(s.m, (m = new Map()));
    const key = `${s.p.plantId}/${s.p.deviceId}`;
    let points = m.get(key);
    if (!points) m.set(key, (points = new Map()));
    points.set(s.p.ts, s);
  }
}
