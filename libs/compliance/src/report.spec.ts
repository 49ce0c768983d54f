import type { DeviceKpi, DeviceSpec, PlantSpec } from '#contracts';
import { registerEntry } from '#equipment';
import { complianceReport } from './report.js';

const plants: PlantSpec[] = [
  { id: 'xa', name: 'Xi an', region: '610100', industry: 'cement' },
  { id: 'bj', name: 'Baoji', region: '610300', industry: 'chemicals' },
];
const motor = (id: string, plantId: string, ratedKw: number): DeviceSpec => ({
  id,
  plantId,
  class: 'motor',
  name: id,
  nameplate: { ratedKw },
});
const kiln = (id: string, plantId: string, ratedOutputTph: number): DeviceSpec => ({
  id,
  plantId,
  class: 'kiln',
  name: id,
  nameplate: { ratedOutputTph },
});
const kpi = (plantId: string, deviceId: string, k: Partial<DeviceKpi>): DeviceKpi => ({
  plantId,
  deviceId,
  class: 'motor',
  ts: 1000,
  name: { en: 'Efficiency', zh: '效率' },
  value: 93,
  unit: '%',
  higherIsBetter: true,
  unverified: false,
  drift: { phase: 'monitor' },
  state: 'steady',
  judgement: { status: 'judged' },
  observable: true,
  ...k,
});

describe('complianceReport', () => {
  const devices = [
    motor('m1', 'xa', 110),
    motor('m2', 'xa', 55),
    motor('m3', 'xa', 15),
    motor('m4', 'bj', 7.5),
    kiln('k1', 'xa', 200),
    kiln('k2', 'xa', 100),
  ];
  const kpis = [
    kpi('xa', 'm1', { grade: 1 }),
    kpi('xa', 'm2', { grade: 3 }),
    kpi('xa', 'm3', { grade: 'below', value: 88.1, limit: 92.1, citation: 'GB 18613-2020' }),
    kpi('xa', 'k1', { class: 'kiln', ndrc: 'benchmark', unit: 'kgce/t', value: 98, higherIsBetter: false }),
    kpi('xa', 'k2', { class: 'kiln', ndrc: 'below', unit: 'kgce/t', value: 121, limit: 117, unverified: true }),
  ];

  it('counts devices and weighs capacity per level, per plant and class', () => {
    const r = complianceReport({ plants, devices, kpis, groupBy: 'plant', register: [], now: 5 });
    const xaMotors = r.rows.find((x) => x.group === 'xa' && x.class === 'motor')!;
    expect(xaMotors.devices).toEqual({ benchmark: 1, baseline: 1, below: 1, unknown: 0 });
    expect(xaMotors.capacity).toEqual({ benchmark: 110, baseline: 55, below: 15, unknown: 0 });
    expect(xaMotors.capacityUnit).toBe('kW');
    expect(xaMotors.shareAtOrAboveBaseline).toBeCloseTo(165 / 180, 12);
    expect(xaMotors.shareAtBenchmark).toBeCloseTo(110 / 180, 12);
    expect(xaMotors.meetsTargets).toBe(false);

    const xaKilns = r.rows.find((x) => x.group === 'xa' && x.class === 'kiln')!;
    expect(xaKilns.capacity).toMatchObject({ benchmark: 200, below: 100 });
    expect(xaKilns.capacityUnit).toBe('t/h');

    // no KPI yet: unknown, and not counted in the shares
    const bjMotors = r.rows.find((x) => x.group === 'bj')!;
    expect(bjMotors.devices.unknown).toBe(1);
    expect(bjMotors.shareAtOrAboveBaseline).toBe(0);
    expect(bjMotors.meetsTargets).toBe(false);
  });

  it('meets the targets only with all known capacity at or above 基准 and ≥ 30 % at 标杆', () => {
    const r = complianceReport({
      plants,
      devices: [motor('a', 'xa', 70), motor('b', 'xa', 30)],
      kpis: [kpi('xa', 'a', { grade: 2 }), kpi('xa', 'b', { grade: 1 })],
      groupBy: 'region',
      register: [],
      now: 0,
    });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ group: '610100', shareAtOrAboveBaseline: 1, meetsTargets: true });
    expect(r.rows[0].shareAtBenchmark).toBeCloseTo(0.3, 12);
  });

  it('lists the devices below 基准 with their KPI, limit, citation and the unverified flag', () => {
    const r = complianceReport({ plants, devices, kpis, groupBy: 'industry', register: [], now: 5 });
    expect(r.belowBaseline.map((d) => [d.deviceId, d.kpi.value, d.kpi.limit, d.unverifiedBaseline])).toEqual([
      ['k2', 121, 117, true],
      ['m3', 88.1, 92.1, false],
    ]);
    expect(r.belowBaseline[1]).toMatchObject({ region: '610100', industry: 'cement', citation: 'GB 18613-2020' });
    expect(r.rows.map((x) => x.group)).toEqual(['cement', 'cement', 'chemicals']);
  });

  it('counts a motor at its installed IE class from the register, not at its input-power KPI', () => {
    // GB 18613-2020, 55 kW 4-pole: grade 1 96.5 %, grade 2 95.7 %, grade 3 94.6 %
    const rated = (id: string, ratedEfficiency?: number): DeviceSpec => ({
      ...motor(id, 'xa', 55),
      nameplate: { ratedKw: 55, ratedEfficiency },
    });
    const fleet = [rated('ie4', 95.8), rated('ie3', 94.6), rated('ie2', 93.0), rated('plate-unknown')];
    // a motor metered on input power only: the live KPI is kW, not observable, without a grade
    const inputKw = (id: string) =>
      kpi('xa', id, { unit: 'kW', value: 50, observable: false, judgement: { status: 'not_observable' } });
    const r = complianceReport({
      plants,
      devices: fleet,
      kpis: fleet.map((d) => inputKw(d.id)),
      register: fleet.map(registerEntry),
      groupBy: 'plant',
      now: 7,
    });
    expect(r.rows[0].devices).toEqual({ benchmark: 0, baseline: 2, below: 1, unknown: 1 });
    expect(r.rows[0].capacity).toEqual({ benchmark: 0, baseline: 110, below: 55, unknown: 55 });
    expect(r.belowBaseline).toEqual([
      expect.objectContaining({
        deviceId: 'ie2',
        source: 'register',
        kpi: {
          name: { en: 'Rated efficiency (nameplate)', zh: '额定效率（铭牌）' },
          value: 93,
          unit: '%',
          limit: 94.6,
          ts: 7,
        },
        citation: expect.stringMatching(/^GB 18613/),
      }),
    ]);
    // the register's grade stands over a live grade (e.g. a shaft-power meter read off rated load)
    const live = complianceReport({
      plants,
      devices: [rated('ie2', 93.0)],
      kpis: [kpi('xa', 'ie2', { grade: 1 })],
      register: [registerEntry(rated('ie2', 93.0))],
      groupBy: 'plant',
      now: 7,
    });
    expect(live.rows[0].devices.below).toBe(1);
  });

  it('counts a stopped or starting unit as unknown, not below 基准, and does not list it', () => {
    const r = complianceReport({
      plants,
      devices: [motor('m1', 'xa', 10), motor('m2', 'xa', 10), motor('m3', 'xa', 10)],
      kpis: [
        kpi('xa', 'm1', { state: 'off', value: 0, grade: 'below', limit: 92.1 }),
        kpi('xa', 'm2', { state: 'starting', value: 40, grade: 'below', limit: 92.1 }),
        kpi('xa', 'm3', { state: 'steady', value: 88, grade: 'below', limit: 92.1 }),
      ],
      register: [],
      groupBy: 'plant',
      now: 2000,
    });
    expect(r.rows[0]!.devices).toEqual({ benchmark: 0, baseline: 0, below: 1, unknown: 2 });
    expect(r.belowBaseline.map((b) => b.deviceId)).toEqual(['m3']);
  });
});
