import { energyFromRates, energyFromRegister, type MeterProblem, type Span } from '#ledger';
import type { Bucket } from '../store/telemetry-store.js';
import type { Channel, OutputChannel } from './channels.js';
import { snapEvents, windowReadings, type RegisterEvents } from './register-events.js';

const MINUTE = 60_000;

/** How the ledger reads rollups: gaps longer than this between 1-minute windows are not bridged. */
export const MAX_GAP_MS = 5 * MINUTE;

/** One device's figures of one category over a plant-local day, per 15-minute period (96 in a day without DST). */
export interface ChannelDay {
  category: string;
  source: 'register' | 'integrated';
  /** quantity per 15-minute period, in the category's unit */
  q: number[];
  /** completeness per 15-minute period, 0-1 */
  c: number[];
  /** the day's mean metered heating value, MJ per base unit, where the meter sends one */
  ncv?: number;
}

export interface DeviceDay {
  deviceId: string;
  channels: ChannelDay[];
  output?: { product: string; unit: string; q: number[]; c: number[] };
  /** the first few meter problems of the day (REGISTER_DECREASED, GAP_NOT_BRIDGED, …) */
  problems: MeterProblem[];
}

const MAX_PROBLEMS = 10;

/**
 * The day of a device that sent nothing in it (pure): each expected channel with no quantity and no completeness, so
 * the day's and the period's completeness count the device as missing instead of leaving it out (which read as
 * complete whenever another device reported the same category).
 */
export function silentDay(deviceId: string, periods: readonly Span[], expected: readonly Channel[]): DeviceDay {
  const zeros = () => new Array<number>(periods.length).fill(0);
  return {
    deviceId,
    channels: expected.map((ch) => ({
      category: ch.category,
      source: ch.register ? 'register' : 'integrated',
      q: zeros(),
      c: zeros(),
    })),
    problems: [],
  };
}

/**
 * A device's day from its 1-minute rollups (pure). A register's window is read as two readings, its minimum at the
 * window's start and its maximum at its end (a register only rises), so period totals add up to the register's
 * own difference (windowReadings); a fall in it counts only where a recorded meter swap or roll-over of that
 * category (`events`) explains it. A rate's window mean is a reading at the window's middle, integrated by the
 * trapezoidal rule. `buckets` should include the window before the day and the one after it, so nothing at the
 * edges is lost.
 */
export function deviceDay(
  deviceId: string,
  buckets: readonly Bucket[],
  periods: readonly Span[],
  channels: readonly Channel[],
  output?: OutputChannel,
  events?: (category: string) => RegisterEvents,
): DeviceDay {
  const problems: MeterProblem[] = [];
  const out: DeviceDay = { deviceId, channels: [], problems };
  const note = (ps: MeterProblem[]) => {
    for (const p of ps) if (problems.length < MAX_PROBLEMS && p.reason !== 'GAP_NOT_BRIDGED') problems.push(p);
  };
  const inDay = (b: Bucket) => b.ts >= periods[0]!.start && b.ts < periods[periods.length - 1]!.end;
  for (const ch of channels) {
    const reg = ch.register;
    const hasRegister = reg !== undefined && buckets.some((b) => inDay(b) && b.values[reg]);
    const hasRate = buckets.some((b) => inDay(b) && b.values[ch.rate]);
    if (!hasRegister && !hasRate) continue;
    let res;
    if (hasRegister) {
      const windows = buckets.flatMap((b) => {
        const a = b.values[reg];
        return a ? [{ ts: b.ts, min: a.min, max: a.max }] : [];
      });
      const readings = windowReadings(windows, MINUTE);
      const unseen: MeterProblem[] = [];
      const ev = events && snapEvents(events(ch.category), readings, unseen);
      res = energyFromRegister(readings, periods, { maxIntervalMs: MAX_GAP_MS, ...ev });
      note(unseen);
    } else {
      const readings = buckets.flatMap((b) => {
        const a = b.values[ch.rate];
        return a ? [{ t: b.ts + MINUTE / 2, value: a.mean * ch.rateScale }] : [];
      });
      res = energyFromRates(readings, periods, { maxIntervalMs: MAX_GAP_MS });
    }
    note(res.problems);
    const day: ChannelDay = {
      category: ch.category,
      source: hasRegister ? 'register' : 'integrated',
      q: res.figures.map((f) => f.value),
      c: res.figures.map((f) => f.completeness),
    };
    // the firing-weighted mean heating value: windows with no flow say nothing about the fuel
    if (ch.ncv) {
      let w = 0;
      let sum = 0;
      for (const b of buckets) {
        const n = b.values[ch.ncv];
        const f = b.values[ch.rate];
        if (inDay(b) && n && f && f.mean > 0 && n.mean > 0) {
          w += f.mean;
          sum += f.mean * n.mean * (ch.ncvScale ?? 1);
        }
      }
      if (w > 0) day.ncv = sum / w;
    }
    if (day.q.some((x) => x > 0) || hasRegister) out.channels.push(day);
  }
  if (output && buckets.some((b) => inDay(b) && b.values[output.rate])) {
    const readings = buckets.flatMap((b) => {
      const a = b.values[output.rate];
      return a ? [{ t: b.ts + MINUTE / 2, value: a.mean }] : [];
    });
    const r = energyFromRates(readings, periods, { maxIntervalMs: MAX_GAP_MS });
    out.output = {
      product: output.product,
      unit: output.unit,
      q: r.figures.map((f) => f.value),
      c: r.figures.map((f) => f.completeness),
    };
  }
  return out;
}
