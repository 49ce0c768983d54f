import { decodeTelemetry, DEFAULT_TIMESTAMP_POLICY, type DeviceSpec, type RejectReason } from '#contracts';
import { SimDevice } from '../device.js';
import { CLASS_DEVICES } from '../../../test/support/sim-fixtures.js';
import { ratedSlip } from '../models/motor.js';
import { resolveFault, type FaultSpec, type Outgoing } from './index.js';
import * as kpi from '../../../test/support/kpi.js';

const T0 = Date.parse('2026-11-23T02:00:00Z'); // 10:00 local, day shift
const STEP = 60_000;
const spec = (id: string) => CLASS_DEVICES.find((d) => d.id === id)!;

/** Runs a device for n steps with the given faults (offsets from T0) and decodes what it sent. */
function run(id: string, faults: Array<Omit<FaultSpec, 'device'>>, n = 120, t0 = T0) {
  const dev = new SimDevice(spec(id), 7, 'fault-test');
  dev.faults = faults.map((f, i) => resolveFault({ ...f, device: id } as FaultSpec, t0, `f${i}`));
  const sent: Array<Outgoing & { ts: number }> = [];
  for (let i = 0; i < n; i++) for (const o of dev.emit(t0 + i * STEP)) sent.push({ ...o, ts: t0 + i * STEP });
  const decoded = sent.map((o) =>
    decodeTelemetry(typeof o.body === 'string' ? o.body : JSON.stringify(o.body), {
      topic: { kind: 'device', plantId: 'p1', deviceId: id },
      now: o.ts,
      policy: DEFAULT_TIMESTAMP_POLICY,
      lookupDevice: () => spec(id) as DeviceSpec,
    }),
  );
  return {
    sent,
    readings: decoded.flatMap((d) => d.readings),
    metrics: decoded.flatMap((d) => d.readings.map((r) => r.metrics)),
    reasons: decoded.flatMap((d) => d.rejections.map((r) => r.reason)),
  };
}

const KPI: Record<string, { f: (m: kpi.M) => number; higherIsBetter: boolean }> = {
  m1: { f: (m) => kpi.motorEfficiency(m, 55, 4, ratedSlip(55)), higherIsBetter: true },
  t1: { f: (m) => 1 / kpi.transformerLossRatio(m, 1000, 0.83, 10.3), higherIsBetter: true },
  b1: { f: kpi.boilerEfficiency, higherIsBetter: true },
  b2: { f: kpi.boilerEfficiency, higherIsBetter: true },
  k1: { f: kpi.kilnKgcePerT, higherIsBetter: false },
  c1: { f: kpi.compressorSpecificPower, higherIsBetter: false },
  u1: { f: kpi.pumpEfficiency, higherIsBetter: true },
  f1: { f: kpi.fanEfficiency, higherIsBetter: true },
};
/** the KPI as an efficiency (higher is better), averaged */
const eff = (id: string, ms: kpi.M[]) => {
  const v = kpi.mean(ms.map(KPI[id].f));
  return KPI[id].higherIsBetter ? v : 1 / v;
};

describe('efficiency faults: the class KPI computed from the telemetry falls by the injected amount', () => {
  it.each(Object.keys(KPI))('%s: a 10 %% step drop', (id) => {
    const base = eff(id, run(id, []).metrics.slice(60));
    const hit = eff(id, run(id, [{ type: 'efficiency_step', at: '60m', drop: 0.1 }]).metrics.slice(60));
    const before = eff(id, run(id, [{ type: 'efficiency_step', at: '60m', drop: 0.1 }]).metrics.slice(0, 60));
    expect(before / eff(id, run(id, []).metrics.slice(0, 60))).toBeCloseTo(1, 6);
    // kilns: waste-heat power is credited unchanged, so the comprehensive KPI moves slightly less than 10 %
    expect(Math.abs(hit / base - 0.9)).toBeLessThan(id === 'k1' ? 0.01 : 0.002);
  });

  it.each(Object.keys(KPI))('%s: gradual degradation of 2 %% per day reaches ≈ 10 %% after 5 days', (id) => {
    const day5 = T0 + 5 * 86_400_000;
    const base = eff(id, run(id, [], 60, day5).metrics);
    const worn = eff(id, run(id, [{ type: 'degradation', atTs: T0, perDay: 0.02 }], 60, day5).metrics);
    expect(Math.abs(worn / base - 0.9)).toBeLessThan(id === 'k1' ? 0.01 : 0.003);
  });
});

describe('sensor faults: what the meter reports, and what that does to the KPI', () => {
  it('stuck power meter on a motor across the shift change: the KPI falls with the real load', () => {
    const start = Date.parse('2026-11-23T11:00:00Z'); // 19:00 local, before the evening ramp-down
    const healthy = run('m1', [], 180, start);
    const stuck = run('m1', [{ type: 'sensor_stuck', metric: 'active_power', at: '10m' }], 180, start);
    const p = stuck.metrics.slice(10).map((m) => m.active_power);
    expect(new Set(p).size).toBe(1);
    const night = (r: typeof healthy) => eff('m1', r.metrics.slice(150));
    expect(night(stuck) / night(healthy)).toBeLessThan(0.7); // frozen day power over night-time shaft power
  });

  it('spike on a boiler fuel meter: every 10th reading shows a fifth of the efficiency', () => {
    const healthy = run('b1', []).metrics.map(kpi.boilerEfficiency);
    const spiked = run('b1', [{ type: 'sensor_spike', metric: 'fuel_flow', factor: 5, every: 10 }]).metrics.map(
      kpi.boilerEfficiency,
    );
    spiked.forEach((v, i) => expect(v / healthy[i]).toBeCloseTo((i + 1) % 10 === 0 ? 0.2 : 1, 3));
  });

  it('dropout on a pump: no readings in the window; a dropped flow metric makes the reading unusable', () => {
    const gap = run('u1', [{ type: 'dropout', at: '30m', until: '60m' }]);
    expect(gap.readings.length).toBe(90);
    expect(gap.readings.some((r) => r.ts >= T0 + 30 * STEP && r.ts < T0 + 60 * STEP)).toBe(false);
    const noFlow = run('u1', [{ type: 'dropout', metric: 'water_flow' }], 5);
    expect(noFlow.reasons).toEqual(Array(5).fill('MISSING_METRIC'));
  });
});

describe('transport faults: delivery changes, the physics does not', () => {
  it('clock skew on a transformer shifts timestamps; the loss KPI is unchanged', () => {
    const healthy = run('t1', [], 30);
    const skewed = run('t1', [{ type: 'clock_skew', skew: '-10m' }], 30);
    expect(skewed.readings.map((r) => r.ts)).toEqual(healthy.readings.map((r) => r.ts - 600_000));
    expect(eff('t1', skewed.metrics)).toBe(eff('t1', healthy.metrics));
  });

  it('duplicates on a fan: every reading twice, identical bytes, same KPI', () => {
    const healthy = run('f1', [], 20);
    const dup = run('f1', [{ type: 'duplicate' }], 20);
    expect(dup.sent.length).toBe(40);
    expect(JSON.stringify(dup.sent[0].body)).toBe(JSON.stringify(dup.sent[1].body));
    expect(eff('f1', dup.metrics)).toBeCloseTo(eff('f1', healthy.metrics), 12);
  });

  it('late messages from a kiln are due after their data time, stamped with it', () => {
    const late = run('k1', [{ type: 'late', delay: '15m', at: '10m', until: '20m' }], 30);
    const held = late.sent.filter((o) => o.dueTs !== o.ts);
    expect(held.length).toBe(10);
    held.forEach((o) => expect(o.dueTs - (o.body as { ts: number }).ts).toBe(15 * 60_000));
    expect(eff('k1', late.metrics)).toBe(eff('k1', run('k1', [], 30).metrics));
  });

  it.each([
    ['json', 'MALFORMED_JSON'],
    ['schema', 'SCHEMA'],
    ['unit', 'UNIT'],
  ])('malformed (%s) payloads from a motor are refused as %s: no KPI', (mode, reason) => {
    const bad = run('m1', [{ type: 'malformed', mode: mode as FaultSpec['mode'] }], 5);
    expect(bad.metrics).toEqual([]);
    expect(bad.reasons).toEqual(Array<RejectReason>(5).fill(reason as RejectReason));
  });

  it('wrong credentials on a compressor: its messages are flagged for the wrong-password connection', () => {
    const r = run('c1', [{ type: 'wrong_credentials', at: '5m', until: '10m' }], 15);
    expect(r.sent.map((o) => !!o.badCredentials)).toEqual([
      ...Array(5).fill(false),
      ...Array(5).fill(true),
      ...Array(5).fill(false),
    ]);
  });

  it('refuses a fault with bad parameters, listing every problem', () => {
    expect(() =>
      resolveFault({ type: 'efficiency_step', device: 'm1', at: 'soon', metric: 'warp' } as FaultSpec, 0, 'x'),
    ).toThrow(/at: cannot read.*unknown metric warp.*needs drop/);
  });
});
