import type { DeviceSpec, LoggedEntry } from '#contracts';
import type { Bucket } from '../store/telemetry-store.js';
import { deviceDay, silentDay } from './device-day.js';
import { expectedChannels } from './channels.js';
import { dayRows } from './day-rows.js';
import type { PlantDay } from './day-cache.js';

const MIN = 60_000;
const Q = 15 * MIN;
const periods = [0, 1, 2, 3].map((i) => ({ start: i * Q, end: (i + 1) * Q }));
const agg = (v: number, lo = v, hi = v) => ({ mean: v, min: lo, max: hi, count: 1 });

describe('deviceDay (1-minute rollups → 15-minute figures)', () => {
  it('reads a register from each window’s min and max: period totals are the register’s own differences', () => {
    // 1 kWh a minute from 1000 kWh; windows every minute for an hour, plus the one after
    const buckets: Bucket[] = Array.from({ length: 61 }, (_, i) => ({
      ts: i * MIN,
      values: { energy: agg(1000 + i + 0.5, 1000 + i, 1000 + i + 1), active_power: agg(60) },
    }));
    const d = deviceDay('m1', buckets, periods, [
      { category: 'electricity', register: 'energy', rate: 'active_power', rateScale: 1 },
    ]);
    expect(d.channels[0]!.source).toBe('register');
    expect(d.channels[0]!.q.map((x) => Math.round(x * 1000) / 1000)).toEqual([15, 15, 15, 15]);
    expect(d.channels[0]!.c.every((c) => c === 1)).toBe(true);
  });

  it('integrates a rate from window means when no register is sent, and leaves a long gap out', () => {
    // 60 kW for the first half hour, then nothing for the rest of the hour
    const buckets: Bucket[] = Array.from({ length: 31 }, (_, i) => ({
      ts: i * MIN,
      values: { active_power: agg(60) },
    }));
    const d = deviceDay('m1', buckets, periods, [
      { category: 'electricity', register: 'energy', rate: 'active_power', rateScale: 1 },
    ]);
    const ch = d.channels[0]!;
    expect(ch.source).toBe('integrated');
    // window means stand at the middle of each minute: the first 30 s of the hour have no reading before them
    expect(ch.q[0]).toBeCloseTo(14.5, 6);
    expect(ch.q[1]).toBeCloseTo(15, 6);
    expect(ch.q[2]).toBeCloseTo(0.5, 6);
    expect(ch.q[3]).toBe(0);
  });
});

describe('silentDay (a device that sent nothing all day)', () => {
  const boiler = (fuel?: string): DeviceSpec => ({
    id: 'b1',
    name: 'boiler 1',
    plantId: 'p1',
    class: 'boiler',
    nameplate: fuel ? { fuel } : {},
  });
  const categories = ['electricity', 'natural_gas', 'raw_coal'];

  it('counts each channel the device must report as present with nothing covered', () => {
    const d = silentDay('b1', periods, expectedChannels(boiler('coal'), categories));
    expect(d.channels.map((c) => [c.category, c.source])).toEqual([
      ['electricity', 'register'],
      ['raw_coal', 'integrated'],
    ]);
    for (const c of d.channels) {
      expect(c.q).toEqual([0, 0, 0, 0]);
      expect(c.c).toEqual([0, 0, 0, 0]);
    }
  });

  it('expects the gas line of a gas-fired unit only, and no fuel where the nameplate names none', () => {
    expect(expectedChannels(boiler('gas'), categories).map((c) => c.category)).toEqual(['electricity', 'natural_gas']);
    expect(expectedChannels(boiler(), categories).map((c) => c.category)).toEqual(['electricity']);
  });
});

describe('dayRows (manual entries over a plant-day)', () => {
  const day: PlantDay = {
    v: 2,
    plantId: 'p1',
    date: '2024-03-05',
    start: 0,
    end: 4 * Q,
    periods,
    devices: [
      {
        deviceId: 'b1',
        channels: [{ category: 'raw_coal', source: 'integrated', q: [1, 1, 2, 0], c: [1, 1, 1, 1], ncv: 20 }],
        problems: [],
      },
    ],
  };
  const base = { seq: 1, at: 0, by: 'a' };

  it('a correction replaces the day figure and keeps its profile; a receipt’s NCV wins over the meter’s', () => {
    const entries: LoggedEntry[] = [
      {
        ...base,
        kind: 'correction',
        plantId: 'p1',
        deviceId: 'b1',
        category: 'raw_coal',
        date: '2024-03-05',
        quantity: 8,
      },
      {
        ...base,
        seq: 2,
        kind: 'receipt',
        plantId: 'p1',
        category: 'raw_coal',
        date: '2024-03-01',
        quantity: 500,
        ncv: 23.1,
      },
      {
        ...base,
        seq: 3,
        kind: 'receipt',
        plantId: 'p1',
        category: 'raw_coal',
        date: '2024-03-06',
        quantity: 500,
        ncv: 19,
      },
    ];
    const { rows } = dayRows(day, entries);
    expect(rows[0]).toMatchObject({ source: 'corrected', q: [2, 2, 4, 0], ncv: 23.1 });
  });

  it('readings of an unconnected meter become a row of their own, spread over the time between them', () => {
    const entries: LoggedEntry[] = [
      {
        ...base,
        kind: 'meter_reading',
        plantId: 'p1',
        meterId: 'diesel-tank',
        category: 'diesel',
        ts: 0,
        tsMs: 0,
        value: 10,
      },
      {
        ...base,
        seq: 2,
        kind: 'meter_reading',
        plantId: 'p1',
        meterId: 'diesel-tank',
        category: 'diesel',
        ts: 2 * Q,
        tsMs: 2 * Q,
        value: 12,
      },
    ];
    const row = dayRows(day, entries).rows.find((r) => r.deviceId === 'diesel-tank')!;
    expect(row).toMatchObject({ source: 'manual', q: [1, 1, 0, 0] });
  });
});
