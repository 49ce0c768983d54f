import type { ControlMode, DeviceSpec, EquipmentClass, RegimeSpec, StartupSpec } from '#contracts';
import { deviceSeed } from '../rng.js';
import { CLASS_SCHEDULE, SCHEDULES, scheduleLoad, type ScheduleSpec } from '../schedule.js';
import type { AmbientSpec } from '#contracts';
import { ambientAt } from './ambient.js';
import { hashNormal } from './hash.js';
import { Calendar } from './calendar.js';
import { Meters } from './meters.js';
import { merge, regimePreset, XIAN_AMBIENT } from './presets.js';

/** Named definitions a fleet or scenario file brings: legacy load schedules and regimes. */
export interface RegimeLibrary {
  schedules?: Record<string, ScheduleSpec>;
  regimes?: Record<string, RegimeSpec>;
}

/** A device as the simulator reads it: `regime` (name or object) wins over the legacy `schedule`. */
export interface RegimeDevice extends DeviceSpec {
  schedule?: string;
  regime?: string | RegimeSpec;
}

/** What a model sees of the regime at one data time. */
export interface OperatingPoint {
  /** the legacy steady regime: the schedule's load, always running, no ambient, ideal meters */
  steady: boolean;
  on: boolean;
  /** demand on the unit as a load factor (0 when stopped) */
  load: number;
  /** data time since the unit last started (on) or stopped (off), ms; Infinity beyond the look-back */
  sinceMs: number;
  /** length of the stop before the current run, ms (Infinity: started from cold) */
  stoppedForMs: number;
  /** outdoor air temperature, °C (undefined in the steady regime) */
  ambientC?: number;
  /** a machine room's air above outdoor air, K */
  roomRiseC: number;
  control?: ControlMode;
  unloadedPower: number;
  startup: Required<StartupSpec>;
  transients: boolean;
}

const MIN = 60_000;
/** after a start, drive loads build from 30 % to the demand over this long (mill filling, valve opening) */
const RUN_UP_MIN: Record<EquipmentClass, number> = {
  motor: 5,
  pump: 1,
  fan: 2,
  compressor: 0.5,
  transformer: 0,
  boiler: 0,
  kiln: 0,
};

/** Resolves a device's regime: a RegimeSpec (realistic or held-out based) or the legacy steady schedule. */
export function resolveRegime(
  device: RegimeDevice,
  lib: RegimeLibrary = {},
): { steady: ScheduleSpec } | { spec: RegimeSpec } {
  const schedule = (): ScheduleSpec => {
    const name = device.schedule ?? CLASS_SCHEDULE[device.class];
    const s = lib.schedules?.[name] ?? SCHEDULES[name];
    if (!s) throw new Error(`device ${device.id}: unknown schedule ${name}`);
    return s;
  };
  const byName = (name: string, depth: number): { steady: ScheduleSpec } | { spec: RegimeSpec } => {
    if (depth > 8) throw new Error(`device ${device.id}: regimes name each other in a loop (${name})`);
    if (name === 'steady') return { steady: schedule() };
    const own = lib.regimes?.[name];
    if (own) return byObject(own, depth + 1);
    if (name === 'realistic' || name === 'holdout') return { spec: regimePreset(name, device.class) };
    throw new Error(`device ${device.id}: unknown regime ${name}`);
  };
  const byObject = (r: RegimeSpec, depth: number): { steady: ScheduleSpec } | { spec: RegimeSpec } => {
    const base = byName(r.base ?? 'realistic', depth);
    if ('steady' in base) throw new Error(`device ${device.id}: the steady regime takes no overrides`);
    return { spec: merge(base.spec, r) };
  };
  if (device.regime === undefined) return device.schedule ? { steady: schedule() } : byName('realistic', 0);
  return typeof device.regime === 'string' ? byName(device.regime, 0) : byObject(device.regime, 0);
}

/**
 * A device's regime over time: its production calendar, the outdoor air, its meters. `at(ts)` is pure in `ts`
 * (counter-based draws, memoised day plans), so the operating state does not depend on how often it is sampled.
 */
export class Regime {
  readonly steady?: ScheduleSpec;
  readonly spec?: RegimeSpec;
  readonly meters?: Meters;
  private readonly calendar?: Calendar;
  private readonly siteSeed: number;
  private readonly runUpMs: number;
  private readonly minLoad: number;
  private readonly base: Omit<OperatingPoint, 'on' | 'load' | 'sinceMs' | 'stoppedForMs' | 'ambientC'>;
  private readonly ambient?: AmbientSpec;
  private readonly weather = new Map<number, number>();

  constructor(
    readonly device: RegimeDevice,
    seed: number,
    lib: RegimeLibrary = {},
  ) {
    const r = resolveRegime(device, lib);
    const devSeed = deviceSeed(seed, device.id);
    this.siteSeed = deviceSeed(seed, `plant:${device.plantId}`);
    this.runUpMs = RUN_UP_MIN[device.class] * MIN;
    if ('steady' in r) {
      this.steady = r.steady;
      this.minLoad = 0;
      this.base = {
        steady: true,
        roomRiseC: 0,
        unloadedPower: 0.3,
        startup: { lagMinutes: 0, heatUpHours: 0, rampHours: 0, coolingHours: 1 },
        transients: false,
      };
    } else {
      this.spec = r.spec;
      this.minLoad = r.spec.minLoad ?? 0;
      this.calendar = new Calendar(r.spec, devSeed);
      if (r.spec.meters) this.meters = new Meters(r.spec.meters, devSeed);
      if (r.spec.ambient) this.ambient = { ...XIAN_AMBIENT, ...r.spec.ambient };
      this.base = {
        steady: false,
        roomRiseC: this.ambient?.roomRiseC ?? 0,
        control: r.spec.control,
        unloadedPower: r.spec.unloadedPower ?? 0.3,
        startup: { lagMinutes: 30, heatUpHours: 24, rampHours: 6, coolingHours: 10, ...r.spec.startup },
        transients: r.spec.transients ?? true,
      };
    }
  }

  /** Outdoor air at data time `ts`, °C (20 °C when the regime has none). */
  ambientAt(ts: number): number {
    if (!this.ambient) return 20;
    return ambientAt(this.ambient, this.siteSeed, ts, this.spec?.utcOffsetHours ?? 8, this.weatherOf);
  }

  /** the day's weather draw, memoised (a few days are in use at a time) */
  private readonly weatherOf = (d: number): number => {
    let w = this.weather.get(d);
    if (w === undefined) {
      if (this.weather.size > 16) this.weather.clear();
      w = hashNormal(this.siteSeed, 'weather', d);
      this.weather.set(d, w);
    }
    return w;
  };

  at(ts: number): OperatingPoint {
    if (this.steady) return this.point(true, scheduleLoad(this.steady, ts), Infinity, Infinity, undefined);
    const p = this.calendar!.at(ts);
    const ambientC = this.ambient ? this.ambientAt(ts) : undefined;
    // a unit that never stops (a transformer): the plant's stops only lower its load
    if (this.minLoad > 0) return this.point(true, Math.max(this.minLoad, p.load), Infinity, Infinity, ambientC);
    const sinceMs = Number.isFinite(p.since) ? ts - p.since : Infinity;
    let load = p.load;
    if (p.on && this.base.transients && sinceMs < this.runUpMs) load *= 0.3 + (0.7 * sinceMs) / this.runUpMs;
    return this.point(p.on, load, sinceMs, p.stoppedForMs, ambientC);
  }

  private point(
    on: boolean,
    load: number,
    sinceMs: number,
    stoppedForMs: number,
    ambientC: number | undefined,
  ): OperatingPoint {
    const b = this.base;
    return {
      steady: b.steady,
      on,
      load,
      sinceMs,
      stoppedForMs,
      ambientC,
      roomRiseC: b.roomRiseC,
      control: b.control,
      unloadedPower: b.unloadedPower,
      startup: b.startup,
      transients: b.transients,
    };
  }
}
