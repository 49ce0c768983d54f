import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceSpec, LoggedEntry } from '#contracts';
import { CATEGORIES } from '#ledger';
import type { Bucket, TelemetryStore } from '../store/telemetry-store.js';
import { DayCache, dayStart } from './day-cache.js';
import { deviceDay } from './device-day.js';
import { registerEvents, windowReadings } from './register-events.js';
import { validateEntry } from './validate-entry.js';

const MIN = 60_000;
const Q = 15 * MIN;
const periods = [0, 1, 2, 3].map((i) => ({ start: i * Q, end: (i + 1) * Q }));
const electricity = [
  { category: 'electricity', register: 'energy' as const, rate: 'active_power' as const, rateScale: 1 },
];

/** 1-minute windows (min, max, mean, count) of readings every 15 s from `t0`: the store's rollups of them */
function windows(register: (t: number) => number, t0: number, minutes: number): Bucket[] {
  const out: Bucket[] = [];
  for (let m = 0; m < minutes; m++) {
    const xs = [0, 1, 2, 3].map((k) => register(t0 + m * MIN + k * 15_000));
    const mean = xs.reduce((s, x) => s + x, 0) / 4;
    out.push({ ts: t0 + m * MIN, values: { energy: { min: Math.min(...xs), max: Math.max(...xs), mean, count: 4 } } });
  }
  return out;
}

// 2 kWh a minute; the meter is exchanged at 00:31:20 (inside a window): the old one read 562.6 last, the new one 3.0
const SWAP = 31 * MIN + 20_000;
const truth = (t: number) => 500 + (2 * t) / MIN;
const LAST_OLD = truth(31 * MIN + 15_000);
const swapped = (t: number) => (t < SWAP ? truth(t) : 3 + truth(t) - LAST_OLD);
const swap = { t: SWAP, oldFinal: LAST_OLD, newInitial: 3 };
const total = (q: number[]) => q.reduce((s, x) => s + x, 0);

describe('meter swaps and roll-overs over 1-minute rollups', () => {
  const buckets = windows(swapped, -MIN, 62);

  it('without a record, the fall is reported and nothing is counted for it (not the new meter’s rise to the old reading)', () => {
    const d = deviceDay('m1', buckets, periods, electricity);
    expect(d.problems.map((p) => p.reason)).toEqual(['REGISTER_DECREASED']);
    // 120 kWh in the hour, less the 2 minutes around the swap the fall leaves unexplained; never more
    expect(total(d.channels[0]!.q)).toBeLessThan(120);
    expect(total(d.channels[0]!.q)).toBeGreaterThan(115);
  });

  it('a recorded swap, even 20 minutes off, gives the hour’s 120 kWh', () => {
    const d = deviceDay('m1', buckets, periods, electricity, undefined, () => ({
      replacements: [{ ...swap, t: SWAP + 20 * MIN }],
      rollovers: [],
    }));
    expect(d.problems).toEqual([]);
    expect(total(d.channels[0]!.q)).toBeCloseTo(120, 9);
    expect(d.channels[0]!.q.map((x) => Math.round(x * 1e6) / 1e6)).toEqual([30, 30, 30, 30]);
  });

  it('a swap to a lower reading where the readings show no fall is reported and not applied', () => {
    const steady = windows(truth, -MIN, 62);
    const d = deviceDay('m1', steady, periods, electricity, undefined, () => ({ replacements: [swap], rollovers: [] }));
    expect(d.problems.map((p) => p.reason)).toEqual(['REPLACEMENT_NOT_SEEN']);
    expect(total(d.channels[0]!.q)).toBeCloseTo(120, 9);
  });

  it('a recorded roll-over of a 5-digit register gives the hour’s 120 kWh across the wrap', () => {
    const wrapped = (t: number) => (99_951 + (2 * t) / MIN) % 100_000; // wraps at 00:24:30
    const b = windows(wrapped, -MIN, 62);
    expect(deviceDay('m1', b, periods, electricity).problems.map((p) => p.reason)).toEqual(['REGISTER_DECREASED']);
    const d = deviceDay('m1', b, periods, electricity, undefined, () => ({
      replacements: [],
      rollovers: [{ t: 10 * MIN, rollover: 100_000 }],
    }));
    expect(d.problems).toEqual([]);
    expect(total(d.channels[0]!.q)).toBeCloseTo(120, 6);
  });

  it('leaves out only a window the register fell inside', () => {
    const r = windowReadings(
      [
        { ts: 0, min: 10, max: 11 },
        { ts: MIN, min: 1, max: 12 }, // fell inside: min from the new meter, max from the old
        { ts: 2 * MIN, min: 1.5, max: 2 },
        { ts: 3 * MIN, min: 2, max: 2 },
      ],
      MIN,
    );
    expect(r.map((x) => x.t)).toEqual([0, MIN - 1, 2 * MIN, 3 * MIN - 1, 3 * MIN, 4 * MIN - 1]);
  });
});

describe('a kept day and the swaps entered after it', () => {
  const zone = 'Asia/Shanghai';
  const date = '2024-03-05';
  const start = dayStart(date, zone);
  const device: DeviceSpec = { id: 'm1', plantId: 'p1', class: 'motor', name: 'm', nameplate: {} };
  const day = (t: number) => (t < start + 12 * 3_600_000 ? truth(t - start) : 3 + truth(t - start) - 1940);
  const store = {
    aggregate: async (q: { from: number; to: number }) => windows(day, q.from, Math.round((q.to - q.from) / MIN)),
  } as unknown as TelemetryStore;
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-days-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is computed again once a swap that reaches it is entered, even from disk after a restart', async () => {
    const entries: LoggedEntry[] = [];
    const cache = () =>
      new DayCache(
        dir,
        store,
        () => [device],
        zone,
        Date.now,
        () => entries,
      );
    const before = await cache().get('p1', date);
    const q = (d: typeof before) => total(d.devices[0]!.channels[0]!.q);
    expect(before.devices[0]!.problems[0]!.reason).toBe('REGISTER_DECREASED');
    entries.push({
      kind: 'meter_swap',
      plantId: 'p1',
      meterId: 'm1',
      category: 'electricity',
      ts: start + 12 * 3_600_000,
      tsMs: start + 12 * 3_600_000,
      oldFinal: 1940, // the old meter when taken out at noon (its last reading sent was 1939.5, at 11:59:45)
      newInitial: 3,
      by: 'meter technician',
      seq: 1,
      at: 0,
    });
    const after = await cache().get('p1', date);
    expect(after.events).toBe(1);
    // 2 kWh a minute over the day, 2,880 kWh (the windows begin a minute before it: the first edge is the day's start)
    expect(q(after)).toBeCloseTo(2880, 6);
    expect(q(after)).toBeGreaterThan(q(before));
    // a day the swap cannot reach keeps its figures
    expect((await cache().get('p1', '2024-03-03')).events).toBeUndefined();
    expect(registerEvents(entries, 'p1', 'm1', 'electricity').replacements).toHaveLength(1);
  });
});

describe('validating a swap and a roll-over', () => {
  const ctx = {
    hasPlant: (p: string) => p === 'p1',
    hasDevice: () => true,
    categories: CATEGORIES.map((c) => c.id),
    today: '2024-12-31',
    nowMs: Date.parse('2024-12-31T12:00:00Z'),
    registersOf: (_p: string, m: string) => (m === 'm1' ? ['electricity'] : undefined),
  };
  const good = {
    kind: 'meter_swap',
    plantId: 'p1',
    meterId: 'm1',
    category: 'electricity',
    ts: '2024-12-30T08:00:00+08:00',
    oldFinal: 12_345.6,
    newInitial: 0,
    rollover: 1e8,
    by: 'meter technician',
  };
  const reasons = (b: unknown) => {
    const v = validateEntry(b, ctx);
    return 'problems' in v ? v.problems.map((p) => `${p.code}:${p.path}`) : [];
  };

  it('takes a swap and a roll-over', () => {
    expect(validateEntry(good, ctx)).toEqual({ entry: good });
    const roll = { ...good, kind: 'meter_rollover', oldFinal: undefined, newInitial: undefined };
    expect(reasons(roll)).toEqual([]);
  });

  it('refuses each bad field with its reason code', () => {
    expect(reasons({ ...good, meterId: 'tank-9' })).toEqual(['DEVICE_UNKNOWN:meterId']);
    expect(reasons({ ...good, category: 'natural_gas' })).toEqual(['METER_NO_REGISTER:category']);
    expect(reasons({ ...good, rollover: 12_345 })).toEqual(['FIELD_INVALID:rollover']);
    expect(reasons({ ...good, rollover: 1000, newInitial: 1000 })).toEqual(['FIELD_INVALID:newInitial']);
    expect(reasons({ ...good, oldFinal: -1, newInitial: undefined })).toEqual([
      'FIELD_INVALID:oldFinal',
      'FIELD_MISSING:newInitial',
    ]);
    expect(reasons({ ...good, ts: '2025-01-02T00:00:00Z' })).toEqual(['PERIOD_INVALID:ts']);
    expect(reasons({ ...good, ts: '2024-12-30 08:00' })).toEqual(['FIELD_INVALID:ts']);
    expect(
      reasons({ ...good, kind: 'meter_rollover', oldFinal: undefined, newInitial: undefined, rollover: undefined }),
    ).toEqual(['FIELD_MISSING:rollover']);
  });
});
