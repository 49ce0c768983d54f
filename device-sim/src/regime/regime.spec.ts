import { toCanonical, type MetricName } from '#contracts';
import { SimDevice, type SimDeviceSpec } from '../device.js';
import { checkSimFleet } from '../fleet/fleet-file.js';
import { parseScenario } from '../scenario/scenario-file.js';
import * as kpi from '../../../test/support/kpi.js';
import { Calendar } from './calendar.js';
import { regimePreset } from './presets.js';

const HOUR = 3_600_000;
const MIN = 60_000;
/** plant-local time (UTC+8) as data time */
const local = (iso: string) => Date.parse(`${iso}:00Z`) - 8 * HOUR;

const dev = (cls: SimDeviceSpec['class'], nameplate: SimDeviceSpec['nameplate'], regime?: SimDeviceSpec['regime']) =>
  ({ id: `${cls}-1`, plantId: 'p1', class: cls, name: cls, nameplate, regime }) as SimDeviceSpec;
const MOTOR = dev('motor', { ratedKw: 55, ratedEfficiency: 94.6 });
const BOILER = dev('boiler', { fuel: 'gas', ratedOutputTph: 10 });
const COMPRESSOR = dev('compressor', { ratedKw: 200, ratedFlow: 32 });
const TRANSFORMER = dev('transformer', { ratedKva: 1000, p0Kw: 0.83, pkKw: 10.3 });
const KILN = dev('kiln', { ratedOutputTph: 210 });
const PUMP = dev('pump', { ratedKw: 75, ratedFlow: 400, ratedHead: 50 });

/** canonical metrics of the readings from `from` every `step` for `n` steps */
function readings(sim: SimDevice, from: number, n: number, step = 10_000) {
  const out: Array<Partial<Record<string, number>>> = [];
  for (let i = 0; i < n; i++) {
    const p = sim.reading(from + i * step)!;
    out.push(
      Object.fromEntries(Object.entries(p.metrics).map(([k, v]) => [k, toCanonical(k as MetricName, v.value, v.unit)])),
    );
  }
  return out;
}

describe('operating regimes', () => {
  it('are pure in data time: the same operating point however the device was sampled before', () => {
    const a = new SimDevice(BOILER, 7, 'a');
    const b = new SimDevice(BOILER, 7, 'b');
    const t = local('2026-03-10T05:40');
    for (let ts = t - 2 * 86_400_000; ts < t; ts += 10_000) a.operating(ts);
    expect(a.operating(t)).toEqual(b.operating(t));
    expect(new SimDevice(BOILER, 8, 'c').operating(t + 9 * HOUR).load).not.toBe(b.operating(t + 9 * HOUR).load);
  });

  it('are seeded: the same seed gives the same readings, another seed other ones', () => {
    const run = (seed: number) => {
      const sim = new SimDevice(COMPRESSOR, seed, 'r');
      return JSON.stringify(readings(sim, local('2026-03-13T20:00'), 2 * 24 * 60, MIN));
    };
    expect(run(5)).toBe(run(5));
    expect(run(6)).not.toBe(run(5));
  });

  it('realistic motor: three shifts with load steps in their ranges, Saturday reduced, Sunday and holidays off', () => {
    const cal = new Calendar(regimePreset('realistic', 'motor'), 1);
    const at = (iso: string) => cal.at(local(iso));
    // Monday 2026-03-09: night shift 40-60 %, day shift 75-95 %, evening 60-85 % (changes inside a shift stay in range)
    for (const h of ['01', '03', '05', '07']) expect(at(`2026-03-09T${h}:30`).load).toBeGreaterThanOrEqual(0.4 - 1e-9);
    for (const h of ['01', '03', '05', '07']) expect(at(`2026-03-09T${h}:30`).load).toBeLessThanOrEqual(0.6 + 1e-9);
    for (const h of ['09', '11', '13', '15']) expect(at(`2026-03-09T${h}:30`).load).toBeGreaterThanOrEqual(0.75 - 1e-9);
    const saturday = at('2026-03-14T11:00');
    expect(saturday.load).toBeLessThanOrEqual(0.95 * 0.6 + 1e-9);
    expect(at('2026-03-15T11:00')).toMatchObject({ on: false, load: 0 }); // Sunday
    expect(at('2026-02-17T11:00')).toMatchObject({ on: false, load: 0 }); // Spring Festival
    // Monday after the Sunday stop: started at midnight, after a 24 h stop
    const monday = at('2026-03-16T02:00');
    expect(monday.on).toBe(true);
    expect(monday.since).toBe(local('2026-03-16T00:00'));
    expect(monday.stoppedForMs).toBe(24 * HOUR);
  });

  it('boiler cold start: fuel leads steam, the direct-method efficiency is far below steady for the first half hour', () => {
    const sim = new SimDevice({ ...BOILER, regime: { trips: false } }, 3, 't');
    const start = local('2026-03-10T05:30');
    expect(sim.operating(start - MIN).on).toBe(false);
    const early = readings(sim, start + 5 * MIN, 60).map(kpi.boilerEfficiency);
    const steady = readings(sim, start + 4 * HOUR, 60).map(kpi.boilerEfficiency);
    expect(kpi.mean(early)).toBeLessThan(0.6);
    expect(kpi.mean(steady)).toBeGreaterThan(0.88); // design 93 %, meter ratio errors of class 2.0 flow meters
    expect(kpi.mean(steady)).toBeLessThan(0.98);
    const night = readings(sim, local('2026-03-10T23:00'), 6);
    expect(night.every((m) => m.gas_flow === 0 && m.steam_flow === 0)).toBe(true);
  });

  it('compressor under load/unload control: unloaded running draws 25-35 % of loaded power with no air', () => {
    const sim = new SimDevice({ ...COMPRESSOR, regime: { meters: false, trips: false } }, 1, 't');
    const rs = readings(sim, local('2026-03-10T10:00'), 360);
    const loaded = rs.filter((m) => m.air_flow! > 0);
    const unloaded = rs.filter((m) => m.air_flow === 0 && m.active_power! > 0);
    expect(loaded.length).toBeGreaterThan(100);
    expect(unloaded.length).toBeGreaterThan(10);
    const settled = unloaded.map((m) => m.active_power!).sort((a, b) => a - b)[0];
    const full = kpi.mean(loaded.map((m) => m.active_power!));
    expect(settled / full).toBeGreaterThan(0.25);
    expect(settled / full).toBeLessThan(0.35);
    // the window's specific power is worse than the loaded figure (BASELINES.md: ≈ 1.09 × at 75 % duty)
    const window = kpi.mean(rs.map((m) => m.active_power!)) / kpi.mean(rs.map((m) => m.air_flow!));
    expect(window / kpi.mean(loaded.map(kpi.compressorSpecificPower))).toBeGreaterThan(1.03);
  });

  it('ambient: a summer afternoon is warmer than a winter night; transformer load loss and compressor specific power follow it', () => {
    const tx = new SimDevice({ ...TRANSFORMER, regime: { meters: false } }, 1, 't');
    const summer = local('2026-07-15T15:00');
    const winter = local('2026-01-14T04:00');
    expect(tx.regime.ambientAt(summer) - tx.regime.ambientAt(winter)).toBeGreaterThan(25);
    const lossRatio = (t: number) => {
      const rs = readings(tx, t, 30);
      return kpi.mean(rs.map((m) => kpi.transformerLossRatio(m, 1000, 0.83, 10.3)));
    };
    expect(lossRatio(summer)).toBeGreaterThan(lossRatio(winter) + 0.02);
    const comp = new SimDevice(
      {
        ...COMPRESSOR,
        regime: { meters: false, trips: false, control: 'modulating', shifts: [{ start: '00:00', load: 0.9 }] },
      },
      1,
      't',
    );
    const sp = (t: number) => kpi.mean(readings(comp, t, 30).map(kpi.compressorSpecificPower));
    const hot = local('2026-07-15T15:00');
    const cold = local('2026-01-14T04:00');
    // standard m³ at 20 °C: ≈ 0.34 %/K of intake temperature
    expect(sp(hot) / sp(cold)).toBeGreaterThan(1.06);
  });

  it('meters err within their accuracy class, fixed per meter, and drift slowly', () => {
    const ideal = new SimDevice({ ...TRANSFORMER, regime: { meters: false } }, 4, 't');
    const real = new SimDevice(TRANSFORMER, 4, 't');
    const t = local('2026-03-10T10:00');
    const a = ideal.reading(t)!.metrics;
    const b = real.reading(t)!.metrics;
    // same noise stream, so the ratio is the meter's error: class 0.2 on HV and LV
    const hv = b.hv_power.value / a.hv_power.value - 1;
    expect(Math.abs(hv)).toBeGreaterThan(0.0002);
    expect(Math.abs(hv)).toBeLessThanOrEqual(0.002 + 1e-6);
    const e = real.regime.meters!.error('hv_power')!;
    expect(Math.abs(e.driftPerYear)).toBeCloseTo(0.5 * 0.002, 9);
    // the loss, a small difference of two large readings, moves by far more than the meters' 0.2 %
    const loss = (m: typeof a) => m.hv_power.value - m.lv_power.value;
    expect(Math.abs(loss(b) / loss(a) - 1)).toBeGreaterThan(0.02);
  });

  it('kiln: a trip stops output; the restart heats up with fuel and no clinker, then ramps the feed', () => {
    const spec = {
      ...KILN,
      regime: { trips: false, periods: [{ from: '2026-03-10', to: '2026-03-10', mode: 'off' }] },
    };
    const sim = new SimDevice(spec as SimDeviceSpec, 1, 't');
    const restart = local('2026-03-11T00:00');
    expect(sim.operating(restart - MIN).on).toBe(false);
    const heat = readings(sim, restart + 2 * HOUR, 6);
    expect(heat.every((m) => m.output_rate === 0 && m.fuel_flow! > 0)).toBe(true);
    const later = readings(sim, restart + 30 * HOUR, 6);
    expect(later.every((m) => m.output_rate! > 100)).toBe(true);
  });

  it('pump on a throttle valve: at part flow the head rises along the pump curve', () => {
    const sim = new SimDevice({ ...PUMP, regime: { trips: false, meters: false } }, 1, 't');
    const night = readings(sim, local('2026-03-10T03:00'), 30);
    const day = readings(sim, local('2026-03-10T11:00'), 30);
    const q = (rs: typeof day) => kpi.mean(rs.map((m) => m.water_flow!));
    const h = (rs: typeof day) => kpi.mean(rs.map((m) => m.head!));
    expect(q(night)).toBeLessThan(q(day));
    expect(h(night)).toBeGreaterThan(h(day));
  });

  it('the held-out mix differs from the default: shifts, climate, meters', () => {
    const a = regimePreset('realistic', 'motor');
    const b = regimePreset('holdout', 'motor');
    expect(b.shifts).not.toEqual(a.shifts);
    expect(b.ambient).not.toEqual(a.ambient);
    expect(b.meters).not.toEqual(a.meters);
    expect(new SimDevice({ ...MOTOR, regime: 'holdout' }, 1, 't').operating(local('2026-03-09T08:00')).on).toBe(true);
  });

  it('a fleet file with bad regimes lists every problem', () => {
    const problems = checkSimFleet({
      plants: [{ id: 'p1', name: 'p' }],
      regimes: { night: { shifts: [{ start: '25:00', load: 2 }], sunday: 'closed' }, steady: {} },
      devices: [
        { ...MOTOR, regime: 'nope' },
        { ...PUMP, regime: { base: 'night', colour: 'red', trips: { perMonth: 1, minHours: 5, maxHours: 2 } } },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'regimes.night.shifts[0].start: HH:MM',
        'regimes.night.shifts[0].load: a number in [0, 1.2] or [low, high]',
        'regimes.night.sunday: one of normal, reduced, off',
        'regimes.steady: a built-in name',
        'devices[0] (motor-1).regime: unknown regime nope',
        'devices[1] (pump-1).regime.colour: unknown field',
        'devices[1] (pump-1).regime.trips: false, or { perMonth in [0, 30], 0 < minHours ≤ maxHours ≤ 24 }',
      ]),
    );
    expect(problems).toHaveLength(7);
  });

  it("a scenario may set the regime of its devices, checked like a fleet file's", () => {
    const ok = parseScenario({
      regimes: { busy: { saturday: 'normal' } },
      deviceRegimes: { b1: 'busy' },
      regime: 'holdout',
    });
    expect(ok.deviceRegimes).toEqual({ b1: 'busy' });
    expect(() => parseScenario({ regime: 'nope', deviceRegimes: { b1: { sunday: 'sometimes' } } })).toThrow(
      /regime: unknown regime nope[\s\S]*deviceRegimes.b1.sunday: one of normal, reduced, off/,
    );
  });
});
