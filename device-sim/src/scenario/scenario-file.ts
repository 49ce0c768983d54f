import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isEquipmentClass, type AlertKind, type EquipmentClass } from '#contracts';
import { parseDuration } from '../duration.js';
import { FAULT_TYPES, type FaultSpec } from '../faults/index.js';
import { checkRegime, type RegimeSpec } from '#contracts';
import { checkRegimes, regimeNames } from '../fleet/fleet-file.js';
import type { ScheduleSpec } from '../schedule.js';

/** An alert a scenario expects: on this device (and class/rule/kind if given), within `within` of `after`. */
export interface ExpectSpec {
  device: string;
  plant?: string;
  class?: EquipmentClass;
  rule?: string;
  kind?: AlertKind;
  /** how much data time after `after` the alert may open (e.g. 30m) */
  within: string | number;
  /** offset from the run start; default: the start of the first fault on that device */
  after?: string | number;
}

/** A scenario file (YAML or JSON). See docs/device-sim.md. */
export interface Scenario {
  name: string;
  /** fleet file, relative to the scenario file; absent = the live platform's fleet (GET /api/fleet) */
  fleet?: string;
  plant?: string;
  devices?: string[];
  seed: number;
  /** data time simulated, ending now (the platform accepts readings up to 7 days old) */
  duration: number;
  /** data time between readings of a device */
  step: number;
  /** longest wall time to wait for the expected alerts after the last reading (verify stops once all have opened) */
  settle: number;
  faults: FaultSpec[];
  expect: ExpectSpec[];
  schedules?: Record<string, ScheduleSpec>;
  /** named operating regimes, over the fleet file's */
  regimes?: Record<string, RegimeSpec>;
  /** the regime of every device the scenario drives, over the fleet file's (a name or an object) */
  regime?: string | RegimeSpec;
  /** per device id, over `regime` */
  deviceRegimes?: Record<string, string | RegimeSpec>;
  /** where the file was read from, to resolve `fleet` */
  baseDir?: string;
}

const SIX_DAYS = 6 * 86_400_000;

/** Parses and checks a scenario document; throws with every problem listed. */
export function parseScenario(doc: unknown, baseDir?: string): Scenario {
  const s = (doc ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const dur = (key: string, dflt: string): number => {
    try {
      return parseDuration((s[key] as string | number | undefined) ?? dflt, key);
    } catch (e) {
      problems.push((e as Error).message);
      return 0;
    }
  };
  const duration = dur('duration', '2h');
  const step = dur('step', '10s');
  const settle = dur('settle', '5s');
  if (duration > SIX_DAYS) problems.push('duration: at most 6d (the platform refuses readings older than 7 days)');
  if (step <= 0) problems.push('step must be positive');
  if (step > 0 && duration / step > 500_000) problems.push('duration / step: more than 500,000 steps');
  const faults = (s.faults ?? []) as FaultSpec[];
  if (!Array.isArray(faults)) problems.push('faults must be a list');
  else
    faults.forEach((f, i) => {
      if (!f || !(f.type in FAULT_TYPES)) problems.push(`faults[${i}]: unknown type ${f?.type}`);
      if (!f?.device) problems.push(`faults[${i}]: device is required`);
    });
  const expect = (s.expect ?? []) as ExpectSpec[];
  if (!Array.isArray(expect)) problems.push('expect must be a list');
  else
    expect.forEach((e, i) => {
      if (!e?.device) problems.push(`expect[${i}]: device is required`);
      if (e?.class !== undefined && !isEquipmentClass(e.class)) problems.push(`expect[${i}]: unknown class ${e.class}`);
      if (e?.within === undefined) problems.push(`expect[${i}]: within is required (e.g. 30m)`);
    });
  problems.push(...checkRegimes(s.regimes));
  const names = regimeNames((s.regimes as Record<string, unknown> | undefined) ?? {});
  if (s.regime !== undefined) problems.push(...checkRegime(s.regime, 'regime', names));
  if (s.deviceRegimes !== undefined) {
    if (!s.deviceRegimes || typeof s.deviceRegimes !== 'object' || Array.isArray(s.deviceRegimes))
      problems.push('deviceRegimes: a map of device id → regime');
    else
      for (const [id, r] of Object.entries(s.deviceRegimes))
        problems.push(...checkRegime(r, `deviceRegimes.${id}`, names));
  }
  if (s.devices !== undefined && !Array.isArray(s.devices)) problems.push('devices must be a list of device ids');
  if (problems.length) throw new Error(`scenario:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    name: String(s.name ?? 'scenario'),
    fleet: s.fleet as string | undefined,
    plant: s.plant as string | undefined,
    devices: s.devices as string[] | undefined,
    seed: Number(s.seed ?? 1),
    duration,
    step,
    settle,
    faults: Array.isArray(faults) ? faults : [],
    expect: Array.isArray(expect) ? expect : [],
    schedules: s.schedules as Record<string, ScheduleSpec> | undefined,
    regimes: s.regimes as Record<string, RegimeSpec> | undefined,
    regime: s.regime as string | RegimeSpec | undefined,
    deviceRegimes: s.deviceRegimes as Record<string, string | RegimeSpec> | undefined,
    baseDir,
  };
}

export function loadScenario(path: string): Scenario {
  const text = readFileSync(path, 'utf8');
  try {
    return parseScenario(parseYaml(text), dirname(resolve(path)));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** The fleet file a scenario names, resolved against the scenario's folder. */
export const scenarioFleetPath = (s: Scenario): string | undefined =>
  s.fleet ? resolve(s.baseDir ?? '.', s.fleet) : undefined;
