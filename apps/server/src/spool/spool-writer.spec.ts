import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logger.js';
import { Metrics } from '../metrics/metrics.js';
import type { TelemetryStore } from '../store/telemetry-store.js';
import { SpoolService, SpoolWriter } from './spool-writer.js';

const reading = (ts: number): Reading => ({
  plantId: 'p1',
  deviceId: 'm1',
  class: 'motor',
  ts,
  metrics: { active_power: 40 },
});

/** A store whose writes finish only when the test says so, in any order, and may fail. */
class HeldStore {
  stored = new Map<number, number>();
  held: Array<{ readings: readonly Reading[]; settle: (fail?: Error) => void }> = [];
  write(readings: readonly Reading[]): Promise<void> {
    return new Promise((resolve, reject) =>
      this.held.push({
        readings,
        settle: (fail) => {
          if (fail) return reject(fail);
          for (const r of readings) this.stored.set(r.ts, (this.stored.get(r.ts) ?? 0) + 1);
          resolve();
        },
      }),
    );
  }
}

const until = async (what: () => boolean) => {
  while (!what()) await new Promise((r) => setTimeout(r, 2));
};

describe('SpoolWriter', () => {
  it('keeps several writes in flight, releases them in order, and writes again from the checkpoint after a failure', async () => {
    const config = { ...loadConfig({}), dataDir: mkdtempSync(join(tmpdir(), 'qw-writer-')), storeBatchSize: 10 };
    const metrics = new Metrics();
    const spool = new SpoolService(config, metrics);
    const store = new HeldStore();
    const writer = new SpoolWriter(spool, store as unknown as TelemetryStore, metrics, config, createLogger('silent'));
    await writer.onModuleInit();
    for (let i = 0; i < 60; i += 10) await spool.append(Array.from({ length: 10 }, (_, k) => reading(i + k)));

    await until(() => store.held.length === 4); // four batches of ten on their way, no more
    expect(store.held.map((h) => h.readings[0].ts)).toEqual([0, 10, 20, 30]);
    store.held[1].settle(); // the second lands before the first: nothing is released yet
    await new Promise((r) => setTimeout(r, 20));
    expect(spool.pendingReadings).toBe(60);
    store.held[0].settle();
    await until(() => spool.pendingReadings === 40);
    store.held[2].settle(new Error('store down'));
    store.held[3].settle();
    // after the backoff the writer starts again at the checkpoint (ts 20) and reads the rest from disk
    await until(() => store.held.length > 4);
    for (let k = 4; spool.pendingReadings > 0; k++) {
      await until(() => store.held.length > k);
      store.held[k].settle();
      await new Promise((r) => setImmediate(r));
    }
    expect([...store.stored.keys()].sort((a, b) => a - b)).toEqual([...Array(60).keys()]);
    expect(store.stored.get(30)).toBe(2); // landed before the failure was seen, written again: still one point
    expect((await metrics.writeFailures.get()).values[0].value).toBe(1);
    await writer.onModuleDestroy();
  });
});
