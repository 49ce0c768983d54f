import { decodeTelemetry, DEFAULT_TIMESTAMP_POLICY, topics, parseTelemetryTopic, type DeviceSpec } from '#contracts';
import { SimDevice } from '../device.js';
import { ratedSlip } from './motor.js';
import * as kpi from '../../../test/support/kpi.js';
import { CLASS_DEVICES } from '../../../test/support/sim-fixtures.js';

const T0 = Date.parse('2026-11-23T04:00:00Z'); // 12:00 local: day shift, full schedule load
/** a realistic regime stopped on T0's day (a period off) */
const REALISTIC_OFF = { base: 'realistic', periods: [{ from: '2026-11-23', to: '2026-11-23', mode: 'off' as const }] };

/** Canonical metrics of a device's readings, decoded by the platform's own decoder (which must accept them). */
function decodedReadings(dev: SimDevice, n: number, stepMs = 10_000, t0 = T0) {
  const out: Array<Partial<Record<string, number>>> = [];
  for (let i = 0; i < n; i++) {
    const p = dev.reading(t0 + i * stepMs);
    if (!p) continue;
    const topic = parseTelemetryTopic(topics.deviceTelemetry(dev.spec.plantId, dev.spec.id))!;
    const r = decodeTelemetry(JSON.stringify(p), {
      topic,
      now: t0 + i * stepMs,
      policy: DEFAULT_TIMESTAMP_POLICY,
      lookupDevice: (pl, d) => (pl === dev.spec.plantId && d === dev.spec.id ? (dev.spec as DeviceSpec) : undefined),
    });
    expect(r.rejections).toEqual([]);
    out.push(r.readings[0].metrics);
  }
  return out;
}

const device = (id: string) =>
  new SimDevice(
    CLASS_DEVICES.find((d) => d.id === id)!,
    42,
    'test',
  );

describe('physics models: every class sends telemetry the platform accepts, mutually consistent', () => {
  it('motor: P1 = √3·U·I·cos φ, Q = P1·tan φ, and the slip-method efficiency matches the part-load curve', () => {
    const rs = decodedReadings(device('m1'), 60);
    for (const m of rs) {
      const s = (Math.sqrt(3) * m.voltage! * m.current! * m.power_factor!) / (m.active_power! * 1000);
      expect(Math.abs(s - 1)).toBeLessThan(0.03); // P and I 0.5 %, U 0.2 % meter noise: σ ≈ 0.73 %, 4σ < 3 %
      expect(m.reactive_power! / m.active_power!).toBeCloseTo(Math.tan(Math.acos(m.power_factor!)), 1);
    }
    const eta = kpi.mean(rs.map((m) => kpi.motorEfficiency(m, 55, 4, ratedSlip(55))));
    expect(eta).toBeGreaterThan(0.93); // 94.6 % rated × part-load factor ≈ 1 near 85 % load
    expect(eta).toBeLessThan(0.955);
  });

  it('motor with a metered process driver: shaft power P2 = P1·η, or the throughput at the load; 0 when stopped', () => {
    const spec = CLASS_DEVICES.find((d) => d.id === 'm1')!;
    const shaft = decodedReadings(new SimDevice({ ...spec, driver: { metric: 'shaft_power' } }, 42, 'test'), 60);
    const eta = kpi.mean(shaft.map((m) => m.shaft_power! / m.active_power!));
    expect(eta).toBeGreaterThan(0.93);
    expect(eta).toBeLessThan(0.955);
    const mill = { ...spec, driver: { metric: 'output_rate' as const, rated: 120 } };
    const out = decodedReadings(new SimDevice(mill, 42, 'test'), 60);
    const load = kpi.mean(out.map((m) => m.output_rate! / 120));
    expect(load).toBeGreaterThan(0.3);
    expect(load).toBeLessThan(1.2);
    const stopped = new SimDevice({ ...mill, regime: { ...REALISTIC_OFF } }, 42, 'test').reading(T0)!;
    expect(stopped.metrics.output_rate).toMatchObject({ value: 0 });
  });

  it('transformer: HV − LV equals P0 + β²·Pk', () => {
    const rs = decodedReadings(device('t1'), 120);
    expect(kpi.mean(rs.map((m) => kpi.transformerLossRatio(m, 1000, 0.83, 10.3)))).toBeCloseTo(1, 1);
  });

  it('boiler: the direct-method efficiency is the design efficiency, for coal and for gas', () => {
    const coal = kpi.mean(decodedReadings(device('b1'), 60).map(kpi.boilerEfficiency));
    const gas = kpi.mean(decodedReadings(device('b2'), 60).map(kpi.boilerEfficiency));
    expect(coal).toBeCloseTo(0.85, 2);
    expect(gas).toBeCloseTo(0.93, 2);
  });

  it('kiln: comprehensive consumption ≈ 97 kgce/t of clinker, inside GB 16780 grade 1 (100)', () => {
    const k = kpi.mean(decodedReadings(device('k1'), 60).map(kpi.kilnKgcePerT));
    expect(k).toBeGreaterThan(95);
    expect(k).toBeLessThan(100);
  });

  it('compressor, pump and fan: specific power and unit efficiencies at their duty points', () => {
    const sp = kpi.mean(decodedReadings(device('c1'), 60).map(kpi.compressorSpecificPower));
    expect(sp).toBeGreaterThan(6.25); // 200 kW / 32 m³/min at full load, worse at part load
    expect(sp).toBeLessThan(7.5);
    const pump = kpi.mean(decodedReadings(device('u1'), 60).map(kpi.pumpEfficiency));
    expect(pump).toBeGreaterThan(0.6);
    expect(pump).toBeLessThan(0.8 * 0.95);
    const fan = kpi.mean(decodedReadings(device('f1'), 60).map(kpi.fanEfficiency));
    expect(fan).toBeGreaterThan(0.65);
    expect(fan).toBeLessThan(0.82 * 0.95);
  });

  it('keeps a cumulative energy register that grows with input power × time', () => {
    const rs = decodedReadings(device('m1'), 361, 10_000);
    const kwh = rs[rs.length - 1].energy! - rs[0].energy!;
    const avgKw = kpi.mean(rs.slice(1).map((m) => m.active_power!));
    expect(kwh).toBeCloseTo(avgKw * 1, 0); // one hour
  });

  it('follows the shift schedule: day load above night load', () => {
    const day = kpi.mean(decodedReadings(device('m1'), 30, 10_000, T0).map((m) => m.active_power!));
    const night = kpi.mean(decodedReadings(device('m1'), 30, 10_000, T0 + 12 * 3600_000).map((m) => m.active_power!));
    expect(day / night).toBeGreaterThan(1.6);
  });
});
