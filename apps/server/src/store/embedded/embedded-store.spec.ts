import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import { EmbeddedStore } from './embedded-store.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const reading = (ts: number, kw: number): Reading => ({
  plantId: 'p1',
  deviceId: 'm1',
  class: 'motor',
  ts,
  metrics: { active_power: kw },
});

describe('embedded store: retention, rollups and restart', () => {
  it('keeps raw days for rawDays, then serves the same windows from rollup files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-emb-'));
    let now = T0 + 12 * 3_600_000;
    const store = new EmbeddedStore(dir, { rawDays: 2, now: () => now });
    await store.init();
    await store.write([reading(T0 + 1000, 10), reading(T0 + 2000, 30), reading(T0 + 3_600_000, 50)]);
    const q = { plantId: 'p1', deviceId: 'm1', from: T0, to: T0 + DAY };
    const before = await store.aggregate(q, '1h');
    expect(before.map((b) => b.values.active_power)).toEqual([
      { mean: 20, min: 10, max: 30, count: 2 },
      { mean: 50, min: 50, max: 50, count: 1 },
    ]);

    now = T0 + 3 * DAY;
    await store.sweep();
    expect(existsSync(join(dir, 'store/raw/telemetry/2026-03-01T00.jsonl'))).toBe(false);
    expect(await store.range(q)).toEqual([]);
    expect(await store.aggregate(q, '1h')).toEqual(before);
    expect((await store.aggregate(q, '1m')).length).toBe(2);
    // too old for the raw retention: refused, so the caller does not take it as stored
    await expect(store.write([reading(T0 + 5000, 1)])).rejects.toThrow(/older than the 2-day raw retention/);
    await store.close();
  });

  it('a late reading for a closed day replaces that day’s rollups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-emb-'));
    const now = T0 + DAY + 3_600_000;
    const store = new EmbeddedStore(dir, { now: () => now });
    await store.init();
    await store.write([reading(T0 + 1000, 10)]);
    const q = { plantId: 'p1', deviceId: 'm1', from: T0, to: T0 + 3_600_000 };
    expect((await store.aggregate(q, '1h'))[0].values.active_power.count).toBe(1);
    expect(existsSync(join(dir, 'store/rollup/1h/telemetry/2026-03-01T00.json'))).toBe(true);
    await store.write([reading(T0 + 2000, 20)]);
    expect((await store.aggregate(q, '1h'))[0].values.active_power).toEqual({ mean: 15, min: 10, max: 20, count: 2 });
    await store.close();
  });

  it('keeps sealed hours parsed for repeated reads, and a late reading still replaces them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-emb-'));
    const now = T0 + DAY + 3_600_000;
    const store = new EmbeddedStore(dir, { now: () => now, cacheRollups: 3 });
    await store.init();
    await store.write([reading(T0 + 1000, 10), reading(T0 + 3_601_000, 30), reading(T0 + 7_201_000, 50)]);
    const q = { plantId: 'p1', deviceId: 'm1', from: T0, to: T0 + 3 * 3_600_000 };
    await store.aggregate(q, '1m'); // computes and seals the three hours
    const sealed = await store.aggregate(q, '1m'); // read from the files and kept parsed
    expect(sealed.map((b) => b.values.active_power.mean)).toEqual([10, 30, 50]);
    await store.write([reading(T0 + 3_602_000, 40)]);
    expect((await store.aggregate(q, '1m')).map((b) => b.values.active_power.mean)).toEqual([10, 35, 50]);
    await store.close();
  });

  it('restarts from the newest-reading snapshot plus what was appended after it, and migrates the old log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-emb-'));
    const now = T0 + 3_600_000;
    writeFileSync(join(dir, 'telemetry.jsonl'), JSON.stringify(reading(T0, 1)) + '\n{"torn');
    const a = new EmbeddedStore(dir, { now: () => now });
    await a.init();
    expect((await a.latest()).map((r) => r.ts)).toEqual([T0]);
    await a.close();
    const b = new EmbeddedStore(dir, { now: () => now });
    await b.init();
    await b.write([reading(T0 + 5000, 2)]);
    // no close: as after a crash, the snapshot is older than the log
    const c = new EmbeddedStore(dir, { now: () => now });
    await c.init();
    expect((await c.latest())[0]).toEqual(reading(T0 + 5000, 2));
    expect((await c.range({ plantId: 'p1', deviceId: 'm1', from: T0, to: T0 + DAY })).length).toBe(2);
    await b.close();
    await c.close();
  });
});
