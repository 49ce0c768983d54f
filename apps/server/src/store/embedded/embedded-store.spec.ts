import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Reading } from '#contracts';
import { aggregatePoints, readingToPoint } from '../shared/series.js';
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
    expect(existsSync(join(dir, 'store/rollup/1h/telemetry/2026-03-01T00.bin'))).toBe(true);
    await store.write([reading(T0 + 2000, 20)]);
    expect((await store.aggregate(q, '1h'))[0].values.active_power).toEqual({ mean: 15, min: 10, max: 20, count: 2 });
    await store.close();
  });

  it('keeps sealed hours parsed for repeated reads, and a late reading still replaces them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-emb-'));
    const now = T0 + DAY + 3_600_000;
    const store = new EmbeddedStore(dir, { now: () => now, cacheRollupBytes: 1024 * 1024 });
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

describe('embedded store: the open hour', () => {
  const HOUR = 3_600_000;
  const DEVICES = 20;
  const motor = (d: number, ts: number, kw: number): Reading => ({
    plantId: 'p1',
    deviceId: `m${d}`,
    class: 'motor',
    ts,
    metrics: { active_power: kw, current: 2 * kw },
  });
  /** one reading per device per second from `t0`, `seconds` long, in batches as the spool writer sends them */
  async function feed(store: EmbeddedStore, t0: number, seconds: number, kw = (d: number, s: number) => d + (s % 7)) {
    for (let s0 = 0; s0 < seconds; s0 += 250) {
      const batch: Reading[] = [];
      for (let s = s0; s < Math.min(seconds, s0 + 250); s++)
        for (let d = 0; d < DEVICES; d++) batch.push(motor(d, t0 + s * 1000, kw(d, s)));
      await store.write(batch);
    }
  }
  const expected = (
    d: number,
    t0: number,
    seconds: number,
    step: number,
    kw = (dd: number, s: number) => dd + (s % 7),
  ) =>
    aggregatePoints(
      Array.from({ length: seconds }, (_, s) => readingToPoint(motor(d, t0 + s * 1000, kw(d, s)))),
      step,
    );

  it('answers raw and 1m / 1h windows of the open hour exactly, before and after a sweep and a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-emb-'));
    const t0 = T0 + 2 * HOUR;
    let now = t0 + 40 * 60_000;
    const store = new EmbeddedStore(dir, { now: () => now });
    await store.init();
    await feed(store, t0, 1800);
    await store.sweep(); // the hour is still open: nothing to seal
    const q = { plantId: 'p1', deviceId: 'm3', from: t0, to: t0 + HOUR };
    const agg1m = await store.aggregate(q, '1m');
    expect(agg1m).toHaveLength(30);
    expect(agg1m).toEqual(expected(3, t0, 1800, 60_000));
    expect((await store.aggregate(q, '1h'))[0].values.active_power.count).toBe(1800);
    expect(await store.range({ ...q, from: t0 + 5000, to: t0 + 8000 })).toEqual(
      [5, 6, 7].map((s) => motor(3, t0 + s * 1000, 3 + (s % 7))),
    );

    // a corrected reading (same ts, later write) wins in raw data and in the windows
    await store.write([motor(3, t0 + 61_000, 1000)]);
    const corrected = (d: number, s: number) => (d === 3 && s === 61 ? 1000 : d + (s % 7));
    expect(await store.aggregate(q, '1m')).toEqual(expected(3, t0, 1800, 60_000, corrected));

    // after a restart mid-hour the windows come from the raw file, with the same answer
    await store.close();
    const again = new EmbeddedStore(dir, { now: () => now });
    await again.init();
    expect(await again.aggregate(q, '1m')).toEqual(expected(3, t0, 1800, 60_000, corrected));
    expect(await again.aggregate({ ...q, deviceId: 'm4' }, '1h')).toEqual(expected(4, t0, 1800, HOUR));

    // windows over hours without data are empty, and asking for them writes nothing
    expect(await again.aggregate({ ...q, from: t0 - 5 * HOUR, to: t0 }, '1h')).toEqual([]);
    expect(readdirSync(join(dir, 'store'))).not.toContain('rollup');

    // once closed, the hour is sealed into rollup files with the same windows
    now = t0 + HOUR + 11 * 60_000;
    await again.sweep();
    expect(existsSync(join(dir, 'store/rollup/1m/telemetry/2026-03-01T02.bin'))).toBe(true);
    expect(await again.aggregate(q, '1m')).toEqual(expected(3, t0, 1800, 60_000, corrected));
    await again.close();
  });

  it('holds memory per device, not per reading: a second half-hour of readings adds next to nothing to the heap', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const dir = mkdtempSync(join(tmpdir(), 'qw-emb-'));
    const t0 = T0 + 2 * HOUR;
    const store = new EmbeddedStore(dir, { now: () => t0 + 59 * 60_000 });
    await store.init();
    const q = { plantId: 'p1', deviceId: 'm1', from: t0, to: t0 + HOUR };
    await feed(store, t0, 60);
    await store.sweep(); // the embedded store's background sweep (every 5 min) over the open hour
    await store.aggregate(q, '1m');
    const before = heap();
    await feed(store, t0 + 60_000, 3000); // 60,000 more readings of the same 20 devices, in the same hour
    await store.sweep();
    await store.aggregate(q, '1m');
    await store.range(q);
    const grown = heap() - before;
    // each reading held in memory would be a few hundred bytes: 60,000 of them, well over 10 MB
    expect(grown).toBeLessThan(2 * 1024 * 1024);
    expect((await store.aggregate(q, '1h'))[0].values.active_power.count).toBe(3060);
    await store.close();
  });
});
