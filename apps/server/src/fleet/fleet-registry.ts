import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  ID_PATTERN,
  isEquipmentClass,
  mqttUsername,
  type Credentials,
  type DeviceSpec,
  type FleetFile,
  type FleetSpec,
  type GatewaySpec,
  type PlantSpec,
} from '#contracts';
import { hashSecretSync, isSecretHash } from './credentials.js';
import { FleetOverlay, type OverlayDoc } from './fleet-overlay.js';

/** Reads and checks a fleet file; throws with every problem listed. */
export function loadFleetFile(path: string): FleetFile {
  let doc: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    // the YAML parser needs ~100× a file's size in memory (400 MB for a 20,000-device JSON fleet): JSON goes to JSON
    doc = /^\s*[[{]/.test(text) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new Error(`fleet file ${path}: ${(e as Error).message}`, { cause: e });
  }
  const problems = checkFleet(doc);
  if (problems.length) throw new Error(`fleet file ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return doc as FleetFile;
}

function checkCredentials(c: Credentials, at: string): string[] {
  const out: string[] = [];
  if (c.secret !== undefined && (typeof c.secret !== 'string' || c.secret.length < 8))
    out.push(`${at}: secret must be a string of at least 8 characters`);
  if (c.secretHash !== undefined && (typeof c.secretHash !== 'string' || !isSecretHash(c.secretHash)))
    out.push(`${at}: secretHash is not an scrypt hash made by qinwatt`);
  if (c.secret !== undefined && c.secretHash !== undefined) out.push(`${at}: give secret or secretHash, not both`);
  return out;
}

/** Problems of one device record, given the known plant ids. */
export function checkDevice(d: Partial<DeviceSpec & Credentials> | null, plantIds: Set<string>, at: string): string[] {
  const problems: string[] = [];
  if (!d || typeof d !== 'object') return [`${at}: not an object`];
  if (typeof d.id !== 'string' || !ID_PATTERN.test(d.id)) problems.push(`${at}: bad id`);
  if (typeof d.plantId !== 'string' || !plantIds.has(d.plantId)) problems.push(`${at}: unknown plantId ${d.plantId}`);
  if (!isEquipmentClass(d.class)) problems.push(`${at}: unknown class ${d.class}`);
  if (typeof d.nameplate !== 'object' || d.nameplate === null) problems.push(`${at}: needs a nameplate`);
  if (d.gatewayId !== undefined && (typeof d.gatewayId !== 'string' || !ID_PATTERN.test(d.gatewayId)))
    problems.push(`${at}: bad gatewayId`);
  return [...problems, ...checkCredentials(d, at)];
}

export function checkFleet(doc: unknown): string[] {
  const problems: string[] = [];
  const f = doc as Partial<FleetFile> | null;
  if (!f || !Array.isArray(f.plants) || !Array.isArray(f.devices)) return ['needs "plants" and "devices" arrays'];
  if (f.gateways !== undefined && !Array.isArray(f.gateways)) return ['"gateways" must be an array'];
  const plantIds = new Set<string>();
  f.plants.forEach((p, i) => {
    if (!p || typeof p.id !== 'string' || !ID_PATTERN.test(p.id)) problems.push(`plants[${i}]: bad id`);
    else if (plantIds.has(p.id)) problems.push(`plants[${i}]: duplicate id ${p.id}`);
    else plantIds.add(p.id);
  });
  // devices and gateways share one id namespace per plant: both log in as `{plantId}/{id}`
  const names = new Set<string>();
  f.devices.forEach((d, i) => {
    const at = `devices[${i}]${d && typeof d.id === 'string' ? ` (${d.id})` : ''}`;
    problems.push(...checkDevice(d, plantIds, at));
    const key = `${d?.plantId}/${d?.id}`;
    if (names.has(key)) problems.push(`${at}: duplicate device`);
    names.add(key);
  });
  (f.gateways ?? []).forEach((g, i) => {
    const at = `gateways[${i}]${g && typeof g.id === 'string' ? ` (${g.id})` : ''}`;
    if (!g || typeof g.id !== 'string' || !ID_PATTERN.test(g.id)) problems.push(`${at}: bad id`);
    if (!g || !plantIds.has(g.plantId)) problems.push(`${at}: unknown plantId ${g?.plantId}`);
    if (g) problems.push(...checkCredentials(g, at));
    const key = `${g?.plantId}/${g?.id}`;
    if (names.has(key)) problems.push(`${at}: id already used by a device or gateway of this plant`);
    names.add(key);
  });
  return problems;
}

export type Identity = { kind: 'device'; spec: DeviceSpec } | { kind: 'gateway'; spec: GatewaySpec };
export type RegistryListener = (change: { username: string; removed: boolean }) => void;

const strip = <T extends object>(x: T & Credentials): T => {
  const copy = { ...x };
  delete copy.secret;
  delete copy.secretHash;
  return copy;
};

/**
 * The fleet: the fleet file is its declarative seed; changes made through the API are kept in an overlay file in
 * the data directory and win over the seed. Secrets exist here only as scrypt hashes.
 */
export class FleetRegistry {
  private readonly byKey = new Map<string, DeviceSpec>();
  private readonly gatewaysByKey = new Map<string, GatewaySpec>();
  private readonly plantsById = new Map<string, PlantSpec>();
  private readonly hashes = new Map<string, string>();
  private readonly listeners: RegistryListener[] = [];

  constructor(
    fleet: FleetSpec | FleetFile,
    private readonly overlay?: FleetOverlay,
  ) {
    for (const p of fleet.plants) this.plantsById.set(p.id, p);
    for (const d of fleet.devices as Array<DeviceSpec & Credentials>) {
      this.byKey.set(mqttUsername(d.plantId, d.id), strip(d));
      this.seedHash(mqttUsername(d.plantId, d.id), d);
    }
    for (const g of (fleet.gateways ?? []) as Array<GatewaySpec & Credentials>) {
      this.gatewaysByKey.set(mqttUsername(g.plantId, g.id), strip(g));
      this.seedHash(mqttUsername(g.plantId, g.id), g);
    }
    if (overlay) this.apply(overlay.load());
  }

  private seedHash(username: string, c: Credentials): void {
    if (c.secretHash) this.hashes.set(username, c.secretHash);
    else if (c.secret) this.hashes.set(username, hashSecretSync(c.secret));
  }

  private apply(doc: OverlayDoc): void {
    for (const [key, d] of Object.entries(doc.devices)) {
      if (d) this.byKey.set(key, d);
      else {
        this.byKey.delete(key);
        this.hashes.delete(key);
      }
    }
    for (const [username, hash] of Object.entries(doc.secrets)) this.hashes.set(username, hash);
  }

  device(plantId: string, deviceId: string): DeviceSpec | undefined {
    return this.byKey.get(mqttUsername(plantId, deviceId));
  }

  gateway(plantId: string, gatewayId: string): GatewaySpec | undefined {
    return this.gatewaysByKey.get(mqttUsername(plantId, gatewayId));
  }

  plants(): PlantSpec[] {
    return [...this.plantsById.values()];
  }

  hasPlant(plantId: string): boolean {
    return this.plantsById.has(plantId);
  }

  devices(plantId?: string): DeviceSpec[] {
    const all = [...this.byKey.values()];
    return plantId ? all.filter((d) => d.plantId === plantId) : all;
  }

  gateways(plantId?: string): GatewaySpec[] {
    const all = [...this.gatewaysByKey.values()];
    return plantId ? all.filter((g) => g.plantId === plantId) : all;
  }

  /** The device or gateway that logs in as `{plantId}/{id}`, with its secret hash. */
  identity(username: string): { identity: Identity; secretHash?: string } | undefined {
    const d = this.byKey.get(username);
    if (d) return { identity: { kind: 'device', spec: d }, secretHash: this.hashes.get(username) };
    const g = this.gatewaysByKey.get(username);
    if (g) return { identity: { kind: 'gateway', spec: g }, secretHash: this.hashes.get(username) };
    return undefined;
  }

  onChange(listener: RegistryListener): void {
    this.listeners.push(listener);
  }

  /** Creates or replaces a device; `secretHash`, when given, replaces its credentials. */
  upsertDevice(d: DeviceSpec, secretHash?: string): void {
    const key = mqttUsername(d.plantId, d.id);
    this.byKey.set(key, d);
    if (secretHash) this.hashes.set(key, secretHash);
    this.overlay?.save((doc) => {
      doc.devices[key] = d;
      if (secretHash) doc.secrets[key] = secretHash;
    });
    if (secretHash) this.emit(key, false);
  }

  deleteDevice(plantId: string, deviceId: string): boolean {
    const key = mqttUsername(plantId, deviceId);
    if (!this.byKey.delete(key)) return false;
    this.hashes.delete(key);
    this.overlay?.save((doc) => {
      doc.devices[key] = null;
      delete doc.secrets[key];
    });
    this.emit(key, true);
    return true;
  }

  /** Replaces the secret hash of a device or gateway; live sessions of that identity are ended by the broker. */
  setSecretHash(username: string, secretHash: string): boolean {
    if (!this.byKey.has(username) && !this.gatewaysByKey.has(username)) return false;
    this.hashes.set(username, secretHash);
    this.overlay?.save((doc) => {
      doc.secrets[username] = secretHash;
    });
    this.emit(username, false);
    return true;
  }

  private emit(username: string, removed: boolean): void {
    for (const l of this.listeners) l({ username, removed });
  }
}
