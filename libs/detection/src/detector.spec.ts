import type { DeviceSpec, Reading } from '#contracts';
import {
  createContext,
  initialState,
  paramsWith,
  step,
  type DetectionEvent,
  type DeviceState,
  type OpenEvent,
} from './index.js';

const HOUR = 3_600_000;
const boiler: DeviceSpec = {
  id: 'b1',
  plantId: 'p1',
  class: 'boiler',
  name: 'B1',
  nameplate: { boilerType: 'stoker_coal', fuel: 'coal', ratedOutputTph: 20 },
};
const start = Date.UTC(2026, 0, 5, 1); // 09:00 plant time
// a boiler reading with efficiency `eta`: 17 t/h of steam, 2340 kJ/kg, coal at 21,000 kJ/kg; ±0.3 % alternating noise
const reading = (ts: number, eta: number, i: number): Reading => ({
  plantId: 'p1',
  deviceId: 'b1',
  class: 'boiler',
  ts,
  metrics: {
    steam_flow: 17 * (1 + (i % 2 ? 0.003 : -0.003)),
    steam_enthalpy: 2780,
    feedwater_enthalpy: 440,
    fuel_flow: ((17_000 * 2340) / eta / 21_000) * (1 + ((i % 3) - 1) * 0.002),
    fuel_ncv: 21_000,
  },
});

function run(
  ctx: ReturnType<typeof createContext>,
  s: DeviceState,
  from: number,
  minutes: number,
  eta: (t: number) => number,
) {
  const events: DetectionEvent[] = [];
  for (let i = 0; i < minutes * 6; i++) {
    const ts = from + i * 10_000;
    events.push(...step(ctx, reading(ts, eta(ts), i), s).events);
  }
  return events;
}
const opens = (e: DetectionEvent[]) => e.filter((x): x is OpenEvent => x.type === 'open');

describe('detection core', () => {
  const params = paramsWith(HOUR, HOUR);

  it('class check: a boiler below grade 3 (82 %) opens after the minimum duration, not before, and clears with hysteresis', () => {
    const ctx = createContext(boiler, params);
    const s = initialState(ctx);
    // a cold start: the first hour is 'starting' and not judged, even far below the limit
    expect(opens(run(ctx, s, start - HOUR, 60, () => 0.7))).toEqual([]);
    expect(opens(run(ctx, s, start, 30, () => 0.85))).toEqual([]);
    // a 3-minute dip does not open an alert
    expect(opens(run(ctx, s, start + 30 * 60_000, 3, () => 0.78))).toEqual([]);
    expect(opens(run(ctx, s, start + 33 * 60_000, 10, () => 0.85))).toEqual([]);
    const ev = run(ctx, s, start + 43 * 60_000, 20, () => 0.78);
    const cls = opens(ev).filter((e) => e.rule === 'class.boiler');
    expect(cls).toHaveLength(1);
    expect(cls[0]).toMatchObject({ kind: 'efficiency', priority: 'high', unverifiedBaseline: true });
    expect(cls[0].ts).toBeGreaterThanOrEqual(start + 43 * 60_000);
    expect((cls[0].evidence as { kpiWindow: number[] }).kpiWindow).toHaveLength(5);
    // hovering just above the limit does not clear it (clear margin 0.75 % of 82 %)
    expect(run(ctx, s, start + 63 * 60_000, 20, () => 0.822).filter((e) => e.type === 'clear')).toEqual([]);
    const cleared = run(ctx, s, start + 83 * 60_000, 30, () => 0.85).filter((e) => e.type === 'clear');
    expect(cleared.map((e) => e.rule)).toContain('class.boiler');
  });

  it('drift check: learns, then flags a 3 % step in input at the same output', () => {
    const ctx = createContext(boiler, params);
    const s = initialState(ctx);
    // 60 min starting, 60 min fit, then calibration until the 15-min chart has its 10 samples (150 min)
    const learn = run(ctx, s, start, 275, () => 0.85);
    expect(opens(learn)).toEqual([]);
    expect(s.drift.phase).toBe('monitor');
    const after = run(ctx, s, start + 275 * 60_000, 10, () => 0.85 / 1.03);
    const drift = opens(after).filter((e) => e.rule === 'drift.cusum');
    expect(drift).toHaveLength(1);
    expect((drift[0].evidence as { estimatedShift: number }).estimatedShift).toBeCloseTo(0.03, 2);
  });

  it('state is plain JSON: a restored state continues exactly as the original', () => {
    const ctx = createContext(boiler, params);
    const a = initialState(ctx);
    run(ctx, a, start, 280, () => 0.85);
    const b = JSON.parse(JSON.stringify(a)) as DeviceState;
    const ea = run(ctx, a, start + 280 * 60_000, 10, () => 0.8);
    const eb = run(ctx, b, start + 280 * 60_000, 10, () => 0.8);
    expect(eb).toEqual(ea);
    expect(b).toEqual(a);
  });

  it('data quality: a stuck meter raises a data-quality alert, never an efficiency alert', () => {
    const ctx = createContext(boiler, params);
    const s = initialState(ctx);
    run(ctx, s, start, 125, () => 0.85);
    const events: DetectionEvent[] = [];
    const frozen = reading(0, 0.85, 0).metrics;
    for (let i = 0; i < 180; i++) {
      const r = reading(start + 125 * 60_000 + i * 10_000, 0.7, i);
      r.metrics.steam_flow = frozen.steam_flow;
      r.metrics.fuel_flow = frozen.fuel_flow;
      events.push(...step(ctx, r, s).events);
    }
    expect(opens(events).map((e) => e.rule)).toEqual(['dq.stuck']);
  });

  it('data quality: gaps and impossible readings', () => {
    const ctx = createContext(boiler, params);
    const s = initialState(ctx);
    run(ctx, s, start, 10, () => 0.85);
    const gap = run(ctx, s, start + 40 * 60_000, 5, () => 0.85);
    expect(opens(gap).map((e) => e.rule)).toEqual(['dq.gap']);
    const bad = run(ctx, s, start + 45 * 60_000, 5, () => 1.2); // 120 % efficiency
    expect(opens(bad).map((e) => e.rule)).toEqual(['dq.impossible']);
  });

  it('ignores readings older than the newest, and counts them', () => {
    const ctx = createContext(boiler, params);
    const s = initialState(ctx);
    step(ctx, reading(start + 10_000, 0.85, 0), s);
    expect(step(ctx, reading(start, 0.85, 1), s).events).toEqual([]);
    expect(s.outOfOrder).toBe(1);
  });
});
