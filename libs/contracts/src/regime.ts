import type { MetricName } from './units.js';
import { isMetricName } from './units.js';

/**
 * Operating regime of a simulated device: how a plant runs it over days, weeks and seasons, and how its meters err.
 * Written in fleet and scenario files (`regime` on a device, named `regimes` at the top of the file); the platform
 * ignores it. Every field is optional: what is absent comes from the class's realistic default (device-sim
 * `regimePreset`), or from `base` when it names another regime.
 */
export type DayMode = 'normal' | 'reduced' | 'off';

/** A production step: from `start` (plant time, HH:MM) until the next step, the load is drawn once per day. */
export interface RegimeShift {
  start: string;
  /** load factor, or [low, high]: a fresh value is drawn each day (seeded); 0 = stopped */
  load: number | [number, number];
}

/** A period run differently (a campaign at reduced output, a shutdown for maintenance), by plant-local date. */
export interface RegimePeriod {
  /** YYYY-MM-DD, inclusive */
  from: string;
  /** YYYY-MM-DD, inclusive */
  to: string;
  mode: DayMode;
  /** load multiplier on `reduced` days (default: the regime's reducedFactor) */
  factor?: number;
}

export interface AmbientSpec {
  /** annual mean, °C */
  meanC: number;
  /** half the difference between the warmest and coldest monthly means, K */
  seasonalSwingC: number;
  /** half the mean daily range, K (minimum near 05:00, maximum near 15:00 plant time) */
  dailySwingC: number;
  /** standard deviation of the day-to-day weather around the seasonal curve, K */
  weatherC: number;
  /** day of the year with the lowest seasonal mean (1 = 1 January) */
  coldestDay: number;
  /** a machine room's air above outdoor air (compressor intake), K */
  roomRiseC: number;
}

/**
 * Meter errors by accuracy class. Each metered quantity's meter has a fixed ratio error drawn (seeded) within
 * `errorShare` × its class, a slow calibration drift from `calibratedOn`, and an optional bias.
 */
export interface MeterSpec {
  /** accuracy class (% of reading) per metric; absent metrics use the simulator's defaults (GB 17167-2006) */
  classes?: Partial<Record<MetricName, number>>;
  /** the largest fixed ratio error as a share of the class (0 = ideal meters); drawn in [0.3, 1] × this × class */
  errorShare?: number;
  /** calibration drift per year as a share of the class, sign drawn per meter */
  driftPerYear?: number;
  /** date of the last calibration, YYYY-MM-DD: drift counts from here */
  calibratedOn?: string;
  /** fixed ratio errors that override the drawn ones (fraction, 0.001 = reads 0.1 % high) */
  ratioError?: Partial<Record<MetricName, number>>;
  /** additive offset in the unit the meter sends */
  bias?: Partial<Record<MetricName, number>>;
}

/** How a machine follows a demand below its capacity. */
export type ControlMode = 'load_unload' | 'modulating' | 'vsd' | 'throttle' | 'damper';

export interface StartupSpec {
  /** boilers: time constant of the steam output after firing from cold, minutes (warm starts are shorter) */
  lagMinutes?: number;
  /** kilns: heat-up with fuel and no output after a stop from cold, hours */
  heatUpHours?: number;
  /** kilns: feed ramp from 40 % to the scheduled output after the heat-up, hours */
  rampHours?: number;
  /** cooling time constant of the unit while stopped, hours (how cold a restart is) */
  coolingHours?: number;
}

export interface RegimeSpec {
  /** start from this regime: 'realistic' (the class default), 'steady' (schedule only, ideal meters), 'holdout'
   * (a realistic mix unlike the default, for held-out evaluation), or a name from the file's `regimes` */
  base?: string;
  /** the day's production steps; the last step runs on to the next day's first */
  shifts?: RegimeShift[];
  /** linear ramp between load steps, minutes */
  rampMinutes?: number;
  /** extra step changes inside each shift, drawn per day (time and load) */
  changesPerShift?: number;
  saturday?: DayMode;
  sunday?: DayMode;
  holiday?: DayMode;
  /** load multiplier on reduced days */
  reducedFactor?: number;
  /** plant-local dates YYYY-MM-DD run in the `holiday` mode */
  holidays?: string[];
  periods?: RegimePeriod[];
  /** unplanned stops (trips): expected number per 30 days, each lasting between minHours and maxHours; false: none */
  trips?: { perMonth: number; minHours: number; maxHours: number } | false;
  /** load that remains while the plant is stopped (transformers: auxiliaries, lighting); the unit stays on */
  minLoad?: number;
  /** hours ahead of UTC of the plant's clock (China Standard Time: 8) */
  utcOffsetHours?: number;
  /** false: constant 20 °C */
  ambient?: Partial<AmbientSpec> | false;
  /** false: ideal meters (noise only) */
  meters?: MeterSpec | false;
  /** compressors: load_unload / modulating / vsd; pumps: throttle / vsd; fans: damper / vsd */
  control?: ControlMode;
  /** compressors under load/unload control: power unloaded as a share of loaded power */
  unloadedPower?: number;
  startup?: StartupSpec;
  /** false: starts and stops without transients */
  transients?: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]?\d|2[0-3]):[0-5]\d$/;
const MODES: readonly DayMode[] = ['normal', 'reduced', 'off'];
const CONTROLS: readonly ControlMode[] = ['load_unload', 'modulating', 'vsd', 'throttle', 'damper'];

/** Every problem of a regime document at once, each prefixed with `at`. `names`: regimes it may name as base. */
export function checkRegime(doc: unknown, at: string, names: ReadonlySet<string>): string[] {
  if (typeof doc === 'string') return names.has(doc) ? [] : [`${at}: unknown regime ${doc}`];
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return [`${at}: a regime is a name or an object`];
  const r = doc as Record<string, unknown>;
  const p: string[] = [];
  const num = (k: string, lo: number, hi: number) => {
    const v = r[k];
    if (v !== undefined && !(typeof v === 'number' && v >= lo && v <= hi))
      p.push(`${at}.${k}: a number in [${lo}, ${hi}]`);
  };
  if (r.base !== undefined && !(typeof r.base === 'string' && names.has(r.base)))
    p.push(`${at}.base: unknown regime ${String(r.base)}`);
  const load = (v: unknown) =>
    typeof v === 'number'
      ? v >= 0 && v <= 1.2
      : Array.isArray(v) &&
        v.length === 2 &&
        v.every((x) => typeof x === 'number' && x >= 0 && x <= 1.2) &&
        v[0] <= v[1];
  if (r.shifts !== undefined) {
    if (!Array.isArray(r.shifts) || r.shifts.length === 0) p.push(`${at}.shifts: a non-empty list`);
    else
      r.shifts.forEach((s: { start?: unknown; load?: unknown } | null, i) => {
        if (!s || typeof s.start !== 'string' || !HHMM.test(s.start)) p.push(`${at}.shifts[${i}].start: HH:MM`);
        if (!s || !load(s.load)) p.push(`${at}.shifts[${i}].load: a number in [0, 1.2] or [low, high]`);
      });
  }
  num('rampMinutes', 0, 720);
  num('changesPerShift', 0, 20);
  num('reducedFactor', 0, 1);
  num('minLoad', 0, 1);
  num('utcOffsetHours', -12, 14);
  num('unloadedPower', 0, 1);
  for (const k of ['saturday', 'sunday', 'holiday'])
    if (r[k] !== undefined && !MODES.includes(r[k] as DayMode)) p.push(`${at}.${k}: one of ${MODES.join(', ')}`);
  if (r.holidays !== undefined && !(Array.isArray(r.holidays) && r.holidays.every((d) => DATE.test(String(d)))))
    p.push(`${at}.holidays: a list of YYYY-MM-DD dates`);
  if (r.periods !== undefined) {
    if (!Array.isArray(r.periods)) p.push(`${at}.periods: a list`);
    else
      r.periods.forEach((q: Partial<RegimePeriod> | null, i) => {
        if (!q || !DATE.test(String(q.from)) || !DATE.test(String(q.to)) || String(q.from) > String(q.to))
          p.push(`${at}.periods[${i}]: from and to are YYYY-MM-DD, from ≤ to`);
        if (!q || !MODES.includes(q.mode as DayMode)) p.push(`${at}.periods[${i}].mode: one of ${MODES.join(', ')}`);
        if (q?.factor !== undefined && !(typeof q.factor === 'number' && q.factor >= 0 && q.factor <= 1.2))
          p.push(`${at}.periods[${i}].factor: a number in [0, 1.2]`);
      });
  }
  if (r.trips !== undefined && r.trips !== false) {
    const t = r.trips as Record<string, unknown> | null;
    const ok =
      t &&
      typeof t.perMonth === 'number' &&
      t.perMonth >= 0 &&
      t.perMonth <= 30 &&
      typeof t.minHours === 'number' &&
      typeof t.maxHours === 'number' &&
      t.minHours > 0 &&
      t.minHours <= t.maxHours &&
      t.maxHours <= 24;
    if (!ok) p.push(`${at}.trips: false, or { perMonth in [0, 30], 0 < minHours ≤ maxHours ≤ 24 }`);
  }
  if (r.ambient !== undefined && r.ambient !== false) {
    const a = r.ambient as Record<string, unknown> | null;
    if (!a || typeof a !== 'object') p.push(`${at}.ambient: an object or false`);
    else
      for (const [k, v] of Object.entries(a))
        if (!['meanC', 'seasonalSwingC', 'dailySwingC', 'weatherC', 'coldestDay', 'roomRiseC'].includes(k))
          p.push(`${at}.ambient.${k}: unknown field`);
        else if (typeof v !== 'number' || !(v >= -60 && v <= 366)) p.push(`${at}.ambient.${k}: a number`);
  }
  if (r.meters !== undefined && r.meters !== false) {
    const m = r.meters as Record<string, unknown> | null;
    if (!m || typeof m !== 'object') p.push(`${at}.meters: an object or false`);
    else {
      for (const k of ['classes', 'ratioError', 'bias']) {
        const v = m[k];
        if (v === undefined) continue;
        if (!v || typeof v !== 'object') p.push(`${at}.meters.${k}: a map of metric → number`);
        else
          for (const [name, x] of Object.entries(v))
            if (!isMetricName(name) || typeof x !== 'number')
              p.push(`${at}.meters.${k}.${name}: a known metric → number`);
      }
      for (const k of ['errorShare', 'driftPerYear'])
        if (m[k] !== undefined && !(typeof m[k] === 'number' && (m[k] as number) >= 0 && (m[k] as number) <= 5))
          p.push(`${at}.meters.${k}: a number in [0, 5]`);
      if (m.calibratedOn !== undefined && !DATE.test(String(m.calibratedOn)))
        p.push(`${at}.meters.calibratedOn: YYYY-MM-DD`);
    }
  }
  if (r.control !== undefined && !CONTROLS.includes(r.control as ControlMode))
    p.push(`${at}.control: one of ${CONTROLS.join(', ')}`);
  if (r.startup !== undefined) {
    const s = r.startup as Record<string, unknown> | null;
    if (!s || typeof s !== 'object') p.push(`${at}.startup: an object`);
    else
      for (const [k, v] of Object.entries(s))
        if (!['lagMinutes', 'heatUpHours', 'rampHours', 'coolingHours'].includes(k))
          p.push(`${at}.startup.${k}: unknown field`);
        else if (typeof v !== 'number' || !(v >= 0 && v <= 500)) p.push(`${at}.startup.${k}: a number in [0, 500]`);
  }
  if (r.transients !== undefined && typeof r.transients !== 'boolean') p.push(`${at}.transients: true or false`);
  const known = new Set([
    'base',
    'shifts',
    'rampMinutes',
    'changesPerShift',
    'saturday',
    'sunday',
    'holiday',
    'reducedFactor',
    'holidays',
    'periods',
    'trips',
    'minLoad',
    'utcOffsetHours',
    'ambient',
    'meters',
    'control',
    'unloadedPower',
    'startup',
    'transients',
  ]);
  for (const k of Object.keys(r)) if (!known.has(k)) p.push(`${at}.${k}: unknown field`);
  return p;
}
