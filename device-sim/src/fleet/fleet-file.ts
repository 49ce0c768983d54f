import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ID_PATTERN, isEquipmentClass, mqttUsername, type FleetSpec, type PlantSpec } from '#contracts';
import type { SimDeviceSpec } from '../device.js';
import { SCHEDULES, type ScheduleSpec } from '../schedule.js';

/** A data concentrator that publishes batches for the devices whose `gatewayId` names it. */
export interface SimGatewaySpec {
  id: string;
  plantId: string;
  secret?: string;
}

/**
 * A fleet file as the simulator reads it: the platform's fleet (plants, devices) plus what only the simulator
 * needs: gateways, named load schedules, and per-device `schedule` names and `secret`s.
 */
export interface SimFleet extends FleetSpec {
  plants: PlantSpec[];
  devices: SimDeviceSpec[];
  gateways?: SimGatewaySpec[];
  schedules?: Record<string, ScheduleSpec>;
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

/** Every problem in a fleet document, at once. */
export function checkSimFleet(doc: unknown): string[] {
  const f = doc as Partial<SimFleet> | null;
  if (!f || !Array.isArray(f.plants) || !Array.isArray(f.devices)) return ['needs "plants" and "devices" arrays'];
  const problems: string[] = [];
  const plants = new Set(f.plants.map((p) => p?.id));
  const gateways = new Set<string>();
  for (const [i, g] of (f.gateways ?? []).entries()) {
    if (!g || !ID_PATTERN.test(String(g.id))) problems.push(`gateways[${i}]: bad id`);
    else if (!plants.has(g.plantId)) problems.push(`gateways[${i}] (${g.id}): unknown plantId ${g.plantId}`);
    else gateways.add(`${g.plantId}/${g.id}`);
  }
  const schedules = { ...SCHEDULES, ...(f.schedules ?? {}) };
  const seen = new Set<string>();
  for (const [i, d] of f.devices.entries()) {
    const at = `devices[${i}]${d && typeof d.id === 'string' ? ` (${d.id})` : ''}`;
    if (!d || !ID_PATTERN.test(String(d.id))) problems.push(`${at}: bad id`);
    if (!d || !plants.has(d.plantId)) problems.push(`${at}: unknown plantId ${d?.plantId}`);
    if (!d || !isEquipmentClass(d.class)) problems.push(`${at}: unknown class ${d?.class}`);
    if (!d || typeof d.nameplate !== 'object' || d.nameplate === null) problems.push(`${at}: needs a nameplate`);
    if (d?.schedule !== undefined && !schedules[d.schedule]) problems.push(`${at}: unknown schedule ${d.schedule}`);
    if (d?.gatewayId !== undefined && f.gateways && !gateways.has(`${d.plantId}/${d.gatewayId}`))
      problems.push(`${at}: gateway ${d.gatewayId} is not in the gateways list of plant ${d.plantId}`);
    const key = `${d?.plantId}/${d?.id}`;
    if (seen.has(key)) problems.push(`${at}: duplicate device`);
    seen.add(key);
  }
  return problems;
}

export interface Credentials {
  username: string;
  password: string;
}

/** MQTT credentials for a device or gateway from the fleet file (`secret`), if it has one. */
export function fleetCredentials(plantId: string, id: string, secret: string | undefined): Credentials | undefined {
  return secret ? { username: mqttUsername(plantId, id), password: secret } : undefined;
}

/** The gateways of a fleet: the declared list, or one per distinct `gatewayId` when the list is absent. */
export function fleetGateways(fleet: SimFleet): SimGatewaySpec[] {
  if (fleet.gateways) return fleet.gateways;
  const seen = new Map<string, SimGatewaySpec>();
  for (const d of fleet.devices)
    if (d.gatewayId) seen.set(`${d.plantId}/${d.gatewayId}`, { id: d.gatewayId, plantId: d.plantId });
  return [...seen.values()];
}
