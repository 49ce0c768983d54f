import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ID_PATTERN, isEquipmentClass, type DeviceSpec, type FleetSpec, type PlantSpec } from '#contracts';

/** Reads and checks a fleet file; throws with every problem listed. */
export function loadFleetFile(path: string): FleetSpec {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`fleet file ${path}: ${(e as Error).message}`, { cause: e });
  }
  const problems = checkFleet(doc);
  if (problems.length) throw new Error(`fleet file ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return doc as FleetSpec;
}

export function checkFleet(doc: unknown): string[] {
  const problems: string[] = [];
  const f = doc as Partial<FleetSpec> | null;
  if (!f || !Array.isArray(f.plants) || !Array.isArray(f.devices)) return ['needs "plants" and "devices" arrays'];
  const plantIds = new Set<string>();
  f.plants.forEach((p, i) => {
    if (!p || typeof p.id !== 'string' || !ID_PATTERN.test(p.id)) problems.push(`plants[${i}]: bad id`);
    else if (plantIds.has(p.id)) problems.push(`plants[${i}]: duplicate id ${p.id}`);
    else plantIds.add(p.id);
  });
  const deviceKeys = new Set<string>();
  f.devices.forEach((d, i) => {
    const at = `devices[${i}]${d && typeof d.id === 'string' ? ` (${d.id})` : ''}`;
    if (!d || typeof d.id !== 'string' || !ID_PATTERN.test(d.id)) problems.push(`${at}: bad id`);
    if (!d || !plantIds.has(d.plantId)) problems.push(`${at}: unknown plantId ${d?.plantId}`);
    if (!d || !isEquipmentClass(d.class)) problems.push(`${at}: unknown class ${d?.class}`);
    if (!d || typeof d.nameplate !== 'object' || d.nameplate === null) problems.push(`${at}: needs a nameplate`);
    const key = `${d?.plantId}/${d?.id}`;
    if (deviceKeys.has(key)) problems.push(`${at}: duplicate device`);
    deviceKeys.add(key);
  });
  return problems;
}

/** In-memory view of the fleet, indexed for the per-message lookup on the ingest path. */
export class FleetRegistry {
  private readonly byKey = new Map<string, DeviceSpec>();
  private readonly plantsById = new Map<string, PlantSpec>();

  constructor(fleet: FleetSpec) {
    for (const p of fleet.plants) this.plantsById.set(p.id, p);
    for (const d of fleet.devices) this.byKey.set(`${d.plantId}/${d.id}`, d);
  }

  device(plantId: string, deviceId: string): DeviceSpec | undefined {
    return this.byKey.get(`${plantId}/${deviceId}`);
  }

  plants(): PlantSpec[] {
    return [...this.plantsById.values()];
  }

  devices(plantId?: string): DeviceSpec[] {
    const all = [...this.byKey.values()];
    return plantId ? all.filter((d) => d.plantId === plantId) : all;
  }
}
