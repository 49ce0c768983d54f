import type { DeviceSpec } from '#contracts';
import { DEFAULT_EVAL, labelledReadings, planRuns, type DetectorFactory, type EvalOptions } from './eval.js';
import { runEval, table, targetsMet, per100 } from './eval-summary.js';

/**
 * The evaluation harness itself (not the detector's quality, which `npm run eval:detection` measures): labels,
 * scoring of false alarms, open time and delays in operating hours, and that a bad detector is flagged.
 */
const boiler: DeviceSpec = {
  id: 'b1',
  plantId: 'p1',
  class: 'boiler',
  name: 'b',
  nameplate: { fuel: 'gas', ratedOutputTph: 10 },
};
const transformer: DeviceSpec = {
  id: 't1',
  plantId: 'p1',
  class: 'transformer',
  name: 't',
  nameplate: { ratedKva: 1000, p0Kw: 0.83, pkKw: 10.3 },
};
const small: EvalOptions = {
  ...DEFAULT_EVAL,
  devices: [boiler, transformer],
  seeds: [1],
  intervalMs: 300_000,
  learnDays: 1,
  healthyDays: 1,
  stepHorizonHours: 12,
  driftHorizonHours: 26,
  stepsPerSeed: 1,
  driftsPerSeed: 1,
  learnOperatingHours: 0,
};
const HOUR = 3_600_000;

/** opens an alert at every full hour of data time and clears it 30 minutes later */
const hourly: DetectorFactory = () => {
  let opened = -1;
  return {
    step(r) {
      const hour = Math.floor(r.ts / HOUR);
      if (hour !== opened && r.ts % HOUR < 30 * 60_000) {
        opened = hour;
        return [{ type: 'open', rule: 'bad.hourly', kind: 'efficiency' }];
      }
      if (hour === opened && r.ts % HOUR >= 30 * 60_000) {
        opened = -2 - hour; // cleared for this hour
        return [{ type: 'clear', rule: 'bad.hourly', kind: 'efficiency' }];
      }
      return [];
    },
  };
};
const never: DetectorFactory = () => ({ step: () => [] });
/** knows the planned onset and alarms 24 h of data time after it */
const late24h: DetectorFactory = (_d, run) => {
  let done = false;
  return {
    step(r) {
      if (done || r.ts < run.onset + 24 * HOUR) return [];
      done = true;
      return [{ type: 'open', rule: 'late', kind: 'drift' }];
    },
  };
};

describe('detection evaluation harness', () => {
  it('labels: healthy before the onset, a 5 % step at an operating reading, a drift of 1 %/day', () => {
    const runs = planRuns(small).filter((r) => r.device.id === 'b1');
    expect(runs.map((r) => r.branch)).toEqual(['healthy', 'step', 'drift']);
    const step = [...labelledReadings(runs[1], small)];
    const at = step.findIndex((l) => l.reading.ts >= l.onset);
    expect(at).toBeGreaterThan(0);
    expect(step[at].operating).toBe(true);
    expect(step[at].onset).toBeGreaterThanOrEqual(runs[1].onset);
    expect(step.slice(0, at).every((l) => l.health === 1)).toBe(true);
    expect(step.slice(at).every((l) => l.health === 0.95)).toBe(true);
    const drift = [...labelledReadings(runs[2], small)];
    const day = drift.find((l) => l.reading.ts >= runs[2].onset + 24 * HOUR)!;
    expect(day.health).toBeCloseTo(0.99, 3);
    // the boiler really stops: some readings are not operating, and those show no steam
    const off = step.filter((l) => !l.operating);
    expect(off.length).toBeGreaterThan(0);
    expect(off.every((l) => l.reading.metrics.steam_flow === 0)).toBe(true);
  });

  it('a motor metered on input power only runs the healthy branch alone; a fault waits for the learning data', () => {
    const motor: DeviceSpec = { id: 'm1', plantId: 'p1', class: 'motor', name: 'm', nameplate: { ratedKw: 55 } };
    const driven: DeviceSpec = { ...motor, id: 'm2', driver: { metric: 'shaft_power' } };
    const o: EvalOptions = { ...small, devices: [motor, driven], stepsPerSeed: 2, driftsPerSeed: 1 };
    const branches = (id: string) =>
      planRuns(o)
        .filter((r) => r.device.id === id)
        .map((r) => r.branch);
    expect(branches('m1')).toEqual(['healthy']);
    expect(branches('m2')).toEqual(['healthy', 'step', 'step', 'drift']);
    // 60 operating hours since learning began before any fault: later than planned for a boiler that stops
    const run = planRuns(small).find((r) => r.device.id === 'b1' && r.branch === 'step')!;
    const ls = [...labelledReadings(run, { ...small, learnOperatingHours: 60 })];
    const at = ls.findIndex((l) => l.health < 1);
    const ran = ls.slice(0, at).filter((l) => l.operating).length * small.intervalMs;
    expect(ran).toBeGreaterThanOrEqual(60 * HOUR);
    expect(ls[at].onset).toBeGreaterThan(run.onset);
  });

  it('flags a detector that alarms every hour: ≈ 2,400 false alarms per 100 device-days, half the time open', () => {
    const res = runEval(small, hourly);
    for (const r of res.rows) {
      expect(per100(r)).toBeGreaterThan(2300);
      expect(per100(r)).toBeLessThan(2500);
      expect(r.openShare).toBeGreaterThan(0.45);
      expect(r.openShare).toBeLessThan(0.55);
      expect(targetsMet(r)).toMatchObject({ falseAlarms: false, open: false });
      // its alarms also "find" every fault quickly: the table must show that beside the false alarms
      expect(r.stepFound).toBe(r.stepRuns);
    }
    expect(table(res)).toContain('✗');
  });

  it('a detector that never alarms finds nothing and raises nothing; the regime faced is reported', () => {
    const res = runEval(small, never);
    for (const r of res.rows) {
      expect(r.falseAlarms).toBe(0);
      expect(r.openShare).toBe(0);
      expect(r.stepFound).toBe(0);
      expect(r.driftFound).toBe(0);
      expect(targetsMet(r)).toEqual({ falseAlarms: true, open: true, step: false, drift: false });
    }
    // the regime the detector faced: a transformer never stops; the boiler stops at night and starts each morning
    const row = (cls: string) => res.rows.find((r) => r.cls === cls)!;
    expect(row('transformer')).toMatchObject({ operatingShare: 1, startsPerDay: 0 });
    expect(row('boiler').startsPerDay).toBeGreaterThanOrEqual(1);
    expect(row('boiler').operatingShare).toBeGreaterThan(0.5);
    expect(row('boiler').operatingShare).toBeLessThan(0.8);
  });

  it('counts delays in operating data: 24 h of data time is 24 h for a transformer, less for a boiler that stops', () => {
    const res = runEval(small, late24h);
    const drift = (id: string) => res.runs.find((r) => r.run.device.id === id && r.run.branch === 'drift')!;
    // the detector answers at the first reading at or after onset + 24 h: within one reading interval
    expect(Math.abs(drift('t1').delayOperatingMs! - 24 * HOUR)).toBeLessThanOrEqual(small.intervalMs);
    const b = drift('b1');
    const operating = [...labelledReadings(b.run, small)].filter(
      (l) => l.reading.ts >= b.onset && l.reading.ts < b.onset + 24 * HOUR && l.operating,
    ).length;
    expect(Math.abs(b.delayOperatingMs! - operating * small.intervalMs)).toBeLessThanOrEqual(2 * small.intervalMs);
    expect(b.delayOperatingMs!).toBeLessThan(22 * HOUR);
  });
});
