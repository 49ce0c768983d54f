import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  checkFleetDoc,
  checkRegime,
  mqttUsername,
  type FleetSpec,
  type PlantSpec,
  type ReaderSpec,
  type RegimeSpec,
} from '#contracts';
import { METER_TREE_RULES } from '#ledger';
import type { SimDeviceSpec } from '../device.js';
import { PRESET_NAMES } from '../regime/presets.js';
import { SCHEDULES, type ScheduleSpec } from '../schedule.js';

/** A data concentrator that publishes batches for the devices whose `gatewayId` names it. */
export interface SimGatewaySpec {
  id: string;
  plantId: string;
  secret?: string;
}

/**
 * A fleet file as the simulator reads it: the platform's fleet (plants, devices) plus what only the simulator
 * needs: gateways, named operating regimes and load schedules, and per-device `regime`, `schedule` and `secret`.
 */
export interface SimFleet extends FleetSpec {
  plants: PlantSpec[];
  devices: SimDeviceSpec[];
  gateways?: SimGatewaySpec[];
  /** read-only MQTT identities (a recorder): user name = id */
  readers?: Array<ReaderSpec & { secret?: string }>;
  schedules?: Record<string, ScheduleSpec>;
  regimes?: Record<string, RegimeSpec>;
}

export function parseFleet(text: string, source = 'fleet'): SimFleet {
  let doc: unknown;
  try {
    // YAML is a superset of JSON, but the YAML parser needs ~100× the file size in memory: a 20,000-device JSON
    // fleet (5 MB) took 400 MB through it, so JSON goes to JSON.parse
    doc = /^\s*[[{]/.test(text) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`, { cause: e });
  }
  const problems = checkSimFleet(doc);
  if (problems.length) throw new Error(`${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return doc as SimFleet;
}

export function loadFleet(path: string): SimFleet {
  return parseFleet(readFileSync(path, 'utf8'), `fleet file ${path}`);
}

/** Every problem in a fleet document, at once: the shared fleet checks, plus the simulator's regimes and schedules. */
export function checkSimFleet(doc: unknown): string[] {
  const f = (doc ?? {}) as Partial<SimFleet>;
  const schedules = { ...SCHEDULES, ...(f.schedules ?? {}) };
  const regimes = typeof f.regimes === 'object' && f.regimes !== null ? f.regimes : {};
  const problems = checkRegimes(f.regimes);
  return problems.concat(
    checkFleetDoc<SimDeviceSpec, SimGatewaySpec>(doc, {
      device: (d, at) => [
        ...(d.schedule !== undefined && !schedules[d.schedule] ? [`${at}: unknown schedule ${d.schedule}`] : []),
        ...(d.regime !== undefined ? checkRegime(d.regime, `${at}.regime`, regimeNames(regimes)) : []),
      ],
      meters: METER_TREE_RULES,
    }),
  );
}

/** Names a regime may refer to: the built-in presets and the file's own. */
export const regimeNames = (own: Record<string, unknown> = {}): Set<string> =>
  new Set([...PRESET_NAMES, ...Object.keys(own)]);

/** Problems of a file's named `regimes` map. */
export function checkRegimes(regimes: unknown): string[] {
  if (regimes === undefined) return [];
  if (!regimes || typeof regimes !== 'object' || Array.isArray(regimes)) return ['regimes: a map of name → regime'];
  const names = regimeNames(regimes as Record<string, unknown>);
  return Object.entries(regimes).flatMap(([k, v]) =>
    (PRESET_NAMES as readonly string[]).includes(k)
      ? [`regimes.${k}: a built-in name`]
      : checkRegime(v, `regimes.${k}`, names),
  );
}

export interface Credentials {
  username: string;
  password: string;
}

/** MQTT credentials for a device or gateway from the fleet file (`secret`), if it has one. */
export function fleetCredentials(plantId: string, id: string, secret: string | undefined): Credentials | undefined {
  return secret ? { username: mqttUsername(plantId, id), password: secret } : undefined;
}

/** Credentials of a fleet's reader (`id`, or the first with a secret): what `record` logs in with. */
export function readerCredentials(fleet: SimFleet, id?: string): Credentials | undefined {
  const r = (fleet.readers ?? []).find((x) => (id ? x.id === id : !!x.secret));
  return r?.secret ? { username: r.id, password: r.secret } : undefined;
}

/** The gateways of a fleet: the declared list, or one per distinct `gatewayId` when the list is absent. */
export function fleetGateways(fleet: SimFleet): SimGatewaySpec[] {
  if (fleet.gateways) return fleet.gateways;
  const seen = new Map<string, SimGatewaySpec>();
  for (const d of fleet.devices)
    if (d.gatewayId) seen.set(`${d.plantId}/${d.gatewayId}`, { id: d.gatewayId, plantId: d.plantId });
  return [...seen.values()];
}
