import type { AmbientSpec, EquipmentClass, MetricName, RegimeSpec } from '#contracts';

/**
 * Realistic regimes by class. Sources for the figures (approximate where said):
 * - shift loads between ~40 % and 95 % across three shifts, weekends reduced or off: the operating patterns of the
 *   issue this simulator answers (a plant's own pattern is configured per device);
 * - holidays: the 2026 statutory holidays of the PRC as recalled (New Year, Spring Festival 15-23 Feb, Qingming,
 *   Labour Day, Dragon Boat, Mid-Autumn, National Day); unverified, a plant enters its own calendar;
 * - ambient: Xi'an climate normals (China Meteorological Administration, 1981-2010, approximate): annual mean
 *   ≈ 14 °C, January ≈ 0 °C, July ≈ 27 °C (seasonal half-swing ≈ 14 K), mean daily range ≈ 10 K;
 * - meter classes: GB 17167-2006 Table 3 as recalled (electricity 0.5S, steam and gas 2.0, solid fuel on dynamic
 *   scales 0.5, water 2.5; the process flow meters here are better than the legal minimum) and DL/T 448-2016
 *   (0.2S at large users' metering points, used for transformer HV/LV); unverified;
 * - compressors unloaded draw 25-35 % of loaded power with no air (BASELINES.md; US DOE, Improving Compressed Air
 *   System Performance, 2003, part-load curves);
 * - boiler cold starts: firing leads steam output by tens of minutes while water and steel heat up (BASELINES.md,
 *   "fuel leads steam by minutes"); kiln heat-up from cold ≈ a day before feed, then a feed ramp of hours (common
 *   cement practice, approximate).
 */
export const CN_HOLIDAYS_2026: string[] = [
  ...range('2026-01-01', '2026-01-03'),
  ...range('2026-02-15', '2026-02-23'),
  ...range('2026-04-04', '2026-04-06'),
  ...range('2026-05-01', '2026-05-05'),
  ...range('2026-06-19', '2026-06-21'),
  ...range('2026-09-25', '2026-09-27'),
  ...range('2026-10-01', '2026-10-07'),
];

export const XIAN_AMBIENT: AmbientSpec = {
  meanC: 14,
  seasonalSwingC: 14,
  dailySwingC: 5,
  weatherC: 3,
  coldestDay: 15,
  roomRiseC: 5,
};

/** Accuracy class (% of reading) of the meter of each metric; metrics not listed are taken as exact. */
export const DEFAULT_METER_CLASS: Partial<Record<MetricName, number>> = {
  active_power: 0.5,
  reactive_power: 1,
  current: 0.5,
  hv_power: 0.2,
  lv_power: 0.2,
  steam_flow: 2,
  blowdown_flow: 2,
  gas_flow: 2,
  fuel_flow: 0.5,
  output_rate: 1,
  waste_heat_power: 0.5,
  air_flow: 2,
  water_flow: 1,
  head: 1,
};

const THREE_SHIFTS: RegimeSpec['shifts'] = [
  { start: '00:00', load: [0.4, 0.6] },
  { start: '08:00', load: [0.75, 0.95] },
  { start: '16:00', load: [0.6, 0.85] },
];

/** What every realistic regime shares; the class presets override parts of it. */
const COMMON: RegimeSpec = {
  shifts: THREE_SHIFTS,
  rampMinutes: 10,
  changesPerShift: 1,
  saturday: 'reduced',
  sunday: 'off',
  holiday: 'off',
  reducedFactor: 0.6,
  holidays: CN_HOLIDAYS_2026,
  periods: [],
  trips: { perMonth: 1, minHours: 1, maxHours: 4 },
  minLoad: 0,
  utcOffsetHours: 8,
  ambient: XIAN_AMBIENT,
  meters: { errorShare: 0.7, driftPerYear: 0.5, calibratedOn: '2025-07-01' },
  startup: { lagMinutes: 30, heatUpHours: 24, rampHours: 6, coolingHours: 10 },
  transients: true,
};

const CLASS_REALISTIC: Record<EquipmentClass, RegimeSpec> = {
  motor: {},
  pump: { control: 'throttle' },
  // an ID fan follows its kiln: round the clock, small feed changes
  fan: {
    shifts: [{ start: '00:00', load: [0.7, 0.95] }],
    changesPerShift: 3,
    saturday: 'normal',
    sunday: 'normal',
    holiday: 'normal',
    control: 'damper',
    trips: { perMonth: 0.5, minHours: 1, maxHours: 6 },
  },
  compressor: { control: 'load_unload', unloadedPower: 0.3 },
  // the plant's load on its transformer: auxiliaries and lighting stay when production stops
  transformer: { minLoad: 0.08, trips: false },
  // a process-steam boiler on two shifts, stopped at night and on Sundays: a cold start every morning
  boiler: {
    shifts: [
      { start: '05:30', load: [0.6, 0.95] },
      { start: '14:00', load: [0.45, 0.85] },
      { start: '22:00', load: 0 },
    ],
    trips: { perMonth: 0.5, minHours: 1, maxHours: 3 },
  },
  // a kiln runs round the clock; raw-meal feed changes; trips and restarts
  kiln: {
    shifts: [{ start: '00:00', load: [0.85, 1.0] }],
    changesPerShift: 2,
    saturday: 'normal',
    sunday: 'normal',
    holiday: 'normal',
    trips: { perMonth: 1.5, minHours: 3, maxHours: 12 },
  },
};

/** Held-out mix: other shift patterns, another climate, worse meters; never used to tune detection. */
const HOLDOUT_COMMON: RegimeSpec = {
  shifts: [
    { start: '07:00', load: [0.55, 1.0] },
    { start: '19:00', load: [0.35, 0.55] },
  ],
  rampMinutes: 20,
  changesPerShift: 2,
  saturday: 'normal',
  sunday: 'reduced',
  reducedFactor: 0.5,
  trips: { perMonth: 2, minHours: 0.5, maxHours: 6 },
  // Yulin, northern Shaanxi: colder, more continental (approximate normals: annual ≈ 9 °C, daily range ≈ 14 K)
  ambient: { meanC: 9, seasonalSwingC: 16, dailySwingC: 7, weatherC: 4, coldestDay: 18, roomRiseC: 8 },
  meters: { errorShare: 1, driftPerYear: 1, calibratedOn: '2025-01-15' },
  startup: { lagMinutes: 45, heatUpHours: 30, rampHours: 8, coolingHours: 14 },
};

const CLASS_HOLDOUT: Record<EquipmentClass, RegimeSpec> = {
  motor: {},
  pump: { control: 'throttle' },
  fan: { shifts: [{ start: '00:00', load: [0.6, 1.0] }], sunday: 'normal', holiday: 'reduced', control: 'damper' },
  compressor: { control: 'load_unload', unloadedPower: 0.35 },
  transformer: { minLoad: 0.12, trips: false },
  boiler: {
    shifts: [
      { start: '00:00', load: [0.4, 0.6] },
      { start: '08:00', load: [0.7, 1.0] },
      { start: '16:00', load: [0.5, 0.8] },
    ],
    sunday: 'off',
    saturday: 'normal',
  },
  kiln: {
    shifts: [{ start: '00:00', load: [0.8, 1.0] }],
    changesPerShift: 3,
    sunday: 'normal',
    holiday: 'normal',
    trips: { perMonth: 2.5, minHours: 2, maxHours: 20 },
  },
};

/** The built-in regimes a file may name (besides its own `regimes`). 'steady' is resolved by the caller. */
export const PRESET_NAMES = ['realistic', 'holdout', 'steady'] as const;

export function regimePreset(name: 'realistic' | 'holdout', cls: EquipmentClass): RegimeSpec {
  return name === 'realistic'
    ? merge(COMMON, CLASS_REALISTIC[cls])
    : merge(merge(merge(COMMON, CLASS_REALISTIC[cls]), HOLDOUT_COMMON), CLASS_HOLDOUT[cls]);
}

/** `over` on top of `base`; ambient, meters and startup merge field by field, everything else replaces. */
export function merge(base: RegimeSpec, over: RegimeSpec): RegimeSpec {
  const out: RegimeSpec = { ...base, ...over };
  if (over.ambient !== undefined && over.ambient !== false && base.ambient)
    out.ambient = { ...base.ambient, ...over.ambient };
  if (over.meters !== undefined && over.meters !== false && base.meters)
    out.meters = { ...base.meters, ...over.meters };
  if (over.startup && base.startup) out.startup = { ...base.startup, ...over.startup };
  delete out.base;
  return out;
}

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
