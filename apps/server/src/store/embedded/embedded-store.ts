import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import { TelemetryStore, type RangeQuery } from '../telemetry-store.js';

/**
 * Zero-setup store: an append-only JSON-lines log in the data directory, indexed in memory.
 * A write resolves after fsync, so an acknowledged batch survives a crash.
 */
export class EmbeddedStore extends TelemetryStore {
  private readonly series = new Map<string, Map<number, Reading>>();
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
          this.index(JSON.parse(line) as Reading);
        } catch {
          // a torn last line after a crash: the write was never acknowledged, so skipping it loses nothing
        }
      }
    }
    this.file = await open(this.path, 'a');
  }

  async write(readings: readonly Reading[]): Promise<void> {
    if (!this.file) throw new Error('embedded store not initialised');
    if (readings.length === 0) return;
    await this.file.appendFile(readings.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await this.file.sync();
    for (const r of readings) this.index(r);
  }

  async latest(): Promise<Reading[]> {
    const out: Reading[] = [];
    for (const points of this.series.values()) {
      let best: Reading | undefined;
      for (const r of points.values()) if (!best || r.ts > best.ts) best = r;
      if (best) out.push(best);
    }
    return out;
  }

  async range(q: RangeQuery): Promise<Reading[]> {
    const points = this.series.get(`${q.plantId}/${q.deviceId}`);
    if (!points) return [];
    return [...points.values()].filter((r) => r.ts >= q.from && r.ts < q.to).sort((a, b) => a.ts - b.ts);
  }

  async close(): Promise<void> {
    await this.file?.close();
    this.file = undefined;
  }

  private index(r: Reading): void {
    const key = `${r.plantId}/${r.deviceId}`;
    let points = this.series.get(key);
    if (!points) this.series.set(key, (points = new Map()));
    points.set(r.ts, r);
  }
}
