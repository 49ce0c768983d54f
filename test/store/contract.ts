import type { Reading } from '#contracts';
import { StoreRejection, type TelemetryStore } from '../../apps/server/src/store/telemetry-store.js';
import type { AdapterUnderTest } from './adapters.js';

const HOUR = 3_600_000;
const MIN = 60_000;

const motor = (deviceId: string, ts: number, kw: number, extra: Partial<Reading> = {}): Reading => ({
  plantId: 'p1',
  deviceId,
  class: 'motor',
  ts,
  metrics: { active_power: kw, current: kw * 2 },
  ...extra,
});

/** The behaviour every TelemetryStore adapter must show; run once per available adapter. */
export function telemetryStoreContract(make: () => AdapterUnderTest): void {
  let adapter: AdapterUnderTest;
  let store: TelemetryStore;
  // whole hours in the past: older than any rollup's recompute window, so rollups are read as stored
  const old = Math.floor((Date.now() - 5 * HOUR) / HOUR) * HOUR;
  // within the last few minutes: windows still computed from raw data
  const recent = Math.floor((Date.now() - 4 * MIN) / MIN) * MIN;

  beforeAll(async () => {
    adapter = make();
    store = adapter.open();
    await store.init();
  });
  afterAll(async () => {
    await store?.close();
    await adapter?.dispose();
  });

  it('keeps millisecond timestamps exactly, with seq and sim, oldest first, in [from, to)', async () => {
    const ts = old + 123;
    await store.write([
      motor('m1', ts + 1000, 42.5, { seq: 8 }),
      motor('m1', ts, 41, { seq: 7, sim: 'run-a' }),
      motor('m2', ts, 10),
    ]);
    const got = await store.range({ plantId: 'p1', deviceId: 'm1', from: ts, to: ts + 1000 });
    expect(got).toEqual([motor('m1', ts, 41, { seq: 7, sim: 'run-a' })]);
    const both = await store.range({ plantId: 'p1', deviceId: 'm1', from: ts, to: ts + 1001 });
    expect(both.map((r) => r.ts)).toEqual([ts, ts + 1000]);
  });

  it('keeps one point per (device, ts): the later write wins', async () => {
    const ts = old + 5 * MIN;
    await store.write([motor('m3', ts, 1)]);
    await store.write([motor('m3', ts, 2)]);
    const got = await store.range({ plantId: 'p1', deviceId: 'm3', from: ts, to: ts + 1 });
    expect(got).toHaveLength(1);
    expect(got[0].metrics.active_power).toBe(2);
  });

  it('answers the newest reading per device, optionally for one plant', async () => {
    await store.write([motor('m4', old + 2000, 5), motor('m4', old + 1000, 4)]);
    await store.write([{ ...motor('x1', old, 9), plantId: 'p2' }]);
    const all = await store.latest();
    const m4 = all.find((r) => r.deviceId === 'm4');
    expect(m4?.ts).toBe(old + 2000);
    expect(m4?.metrics.active_power).toBe(5);
    expect(all.some((r) => r.plantId === 'p2')).toBe(true);
    const p2 = await store.latest('p2');
    expect(p2.map((r) => r.deviceId)).toEqual(['x1']);
  });

  it('rolls up to 1-minute and 1-hour windows with mean, min, max and count', async () => {
    // 3 readings in one minute, 1 in the next, an hour before `old`
    const t = old - HOUR;
    await store.write([
      motor('r1', t, 10),
      motor('r1', t + 20_000, 20),
      motor('r1', t + 40_000, 60),
      motor('r1', t + MIN + 5_000, 100),
    ]);
    const q = { plantId: 'p1', deviceId: 'r1', from: t, to: t + HOUR };
    const m = await store.aggregate({ ...q, fields: ['active_power'] }, '1m');
    expect(m).toEqual([
      { ts: t, values: { active_power: { mean: 30, min: 10, max: 60, count: 3 } } },
      { ts: t + MIN, values: { active_power: { mean: 100, min: 100, max: 100, count: 1 } } },
    ]);
    const h = await store.aggregate(q, '1h');
    expect(h).toHaveLength(1);
    expect(h[0].ts).toBe(t);
    expect(h[0].values.active_power).toEqual({ mean: 47.5, min: 10, max: 100, count: 4 });
    expect(h[0].values.current).toEqual({ mean: 95, min: 20, max: 200, count: 4 });
  });

  it('aggregates recent data the same way (windows still open)', async () => {
    await store.write([motor('r2', recent + 1_000, 3), motor('r2', recent + 2_000, 5)]);
    const b = await store.aggregate({ plantId: 'p1', deviceId: 'r2', from: recent, to: recent + MIN }, '1m');
    expect(b).toEqual([
      {
        ts: recent,
        values: {
          active_power: { mean: 4, min: 3, max: 5, count: 2 },
          current: { mean: 8, min: 6, max: 10, count: 2 },
        },
      },
    ]);
  });

  it('writes and reads a derived series (KPIs) with its own rollups', async () => {
    const t = old + 10 * MIN;
    const kpi = (ts: number, eff: number) => ({
      plantId: 'p1',
      deviceId: 'm1',
      class: 'motor' as const,
      ts,
      values: { efficiency_pct: eff, load_pct: 50 },
    });
    await store.writePoints('kpi', [kpi(t, 90), kpi(t + 30_000, 92)]);
    const pts = await store.points({ measurement: 'kpi', plantId: 'p1', deviceId: 'm1', from: t, to: t + MIN });
    expect(pts).toEqual([kpi(t, 90), kpi(t + 30_000, 92)]);
    const agg = await store.aggregate(
      { measurement: 'kpi', plantId: 'p1', deviceId: 'm1', from: t, to: t + MIN, fields: ['efficiency_pct'] },
      '1m',
    );
    expect(agg).toEqual([{ ts: t, values: { efficiency_pct: { mean: 91, min: 90, max: 92, count: 2 } } }]);
    // derived series do not leak into readings
    const readings = await store.range({ plantId: 'p1', deviceId: 'm1', from: t, to: t + MIN });
    expect(readings).toEqual([]);
  });

  it('refuses bad measurement and field names, and telemetry through writePoints', async () => {
    const p = { plantId: 'p1', deviceId: 'm1', class: 'motor' as const, ts: old, values: { a: 1 } };
    await expect(store.writePoints('telemetry', [p])).rejects.toThrow(/write\(\)/);
    await expect(store.writePoints('Bad Name', [p])).rejects.toThrow(/measurement/);
    await expect(store.writePoints('kpi', [{ ...p, values: { 'x y': 1 } }])).rejects.toThrow(/field/);
    await expect(store.writePoints('kpi', [{ ...p, values: { a: Number.NaN } }])).rejects.toThrow(/finite/);
  });

  it('refuses a reading older than its raw retention as a StoreRejection (not an outage), and takes the next write', async () => {
    const ancient = Date.now() - 400 * 24 * HOUR; // beyond every adapter's raw retention (at most 30 days)
    const err = await store.write([motor('m9', old, 1), motor('m9', ancient, 2)]).catch((e: Error) => e);
    expect(err).toBeInstanceOf(StoreRejection);
    await store.write([motor('m9', old + 1, 3)]);
    expect((await store.range({ plantId: 'p1', deviceId: 'm9', from: old + 1, to: old + 2 }))[0].metrics).toEqual(
      motor('m9', old + 1, 3).metrics,
    );
  });

  it('an empty range is empty, not an error', async () => {
    expect(await store.range({ plantId: 'p1', deviceId: 'nobody', from: old, to: old + HOUR })).toEqual([]);
    expect(await store.aggregate({ plantId: 'p1', deviceId: 'nobody', from: old, to: old + HOUR }, '1m')).toEqual([]);
  });

  it('keeps everything across a restart', async () => {
    await store.close();
    store = adapter.open();
    await store.init();
    const got = await store.range({ plantId: 'p1', deviceId: 'm3', from: old, to: old + HOUR });
    expect(got.map((r) => r.metrics.active_power)).toEqual([2]);
    const h = await store.aggregate({ plantId: 'p1', deviceId: 'r1', from: old - HOUR, to: old }, '1h');
    expect(h[0].values.active_power.count).toBe(4);
  });
}
