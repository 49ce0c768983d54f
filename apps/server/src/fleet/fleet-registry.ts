import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  checkDeviceRecord,
  checkFleetDoc,
  isEquipmentClass,
  mqttUsername,
  type Credentials,
  type DeviceSpec,
  type EnterpriseSpec,
  type FleetFile,
  type FleetSpec,
  type GatewaySpec,
  type PlantSpec,
  type ProductionLineSpec,
  type ReaderSpec,
} from '#contracts';
import { nameplateProblems } from '#equipment';
import { lineLevelProblems } from '#compliance';
// virtual meters' formulas are parsed by the ledger's own parser, so the fleet check and the evaluation agree
import { METER_TREE_RULES } from '#ledger';
import { isSecretHash, plainCredential, scryptCredential, type Credential } from './credentials.js';
import type { FleetChanges, FleetChangeSet } from './fleet-changes.js';

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

/** A nameplate that matches no row of its class's GB table, reason-coded (see libs/equipment nameplate.ts). */
function checkNameplate(d: Partial<DeviceSpec>, at: string): string[] {
  if (!isEquipmentClass(d.class) || typeof d.nameplate !== 'object' || d.nameplate === null) return [];
  return nameplateProblems(d.class, d.nameplate).map((p) => `${at}: ${p.reason}: ${p.detail}`);
}

/** Problems of one device record as the API receives it: the shared record checks, nameplate and credentials. */
export function checkDevice(d: Partial<DeviceSpec & Credentials> | null, plantIds: Set<string>, at: string): string[] {
  const problems = checkDeviceRecord(d, plantIds, at, METER_TREE_RULES);
  return d && typeof d === 'object' ? [...problems, ...checkNameplate(d, at), ...checkCredentials(d, at)] : problems;
}

/** The shared fleet checks (libs/contracts), plus the secrets only the server reads. */
export function checkFleet(doc: unknown): string[] {
  return checkFleetDoc<DeviceSpec & Credentials, GatewaySpec & Credentials>(doc, {
    device: (d, at) => [...checkNameplate(d, at), ...checkCredentials(d, at)],
    gateway: checkCredentials,
    reader: (r, at) => checkCredentials(r as Credentials, at),
    line: (l, at) => lineLevelProblems(l).map((p) => `${at}: ${p}`),
    meters: METER_TREE_RULES,
  });
}

export type Identity =
  { kind: 'device'; spec: DeviceSpec } | { kind: 'gateway'; spec: GatewaySpec } | { kind: 'reader'; spec: ReaderSpec };
/**
 * A change of an identity's credentials. `secret` is the new plaintext, given only at the moment the API issues it
 * (never stored): a broker that keeps its own copy of credentials (external-broker mode) can be told it then.
 */
export type RegistryListener = (change: { username: string; removed: boolean; secret?: string }) => void;

const strip = <T extends object>(x: T & Credentials): T => {
  const copy = { ...x };
  delete copy.secret;
  delete copy.secretHash;
  return copy;
};

/**
 * The fleet: the fleet file is its declarative seed; changes made through the API are kept in the state store
 * (FleetChanges) and win over the seed. Secrets exist here only as scrypt hashes, or as in-memory digests of the
 * fleet file's plaintext secrets.
 */
export class FleetRegistry {
  private readonly byKey = new Map<string, DeviceSpec>();
  /** byKey by plant then device, built on first use and dropped on every change */
  private byPlant?: Map<string, Map<string, DeviceSpec>>;
  private rev = 0;
  private readonly gatewaysByKey = new Map<string, GatewaySpec>();
  private readonly plantsById = new Map<string, PlantSpec>();
  private readonly enterpriseList: EnterpriseSpec[];
  private readonly lineList: ProductionLineSpec[];
  private readonly enterprisesById = new Map<string, EnterpriseSpec>();
  /** read-only identities by user name (their id), from the fleet file only */
  private readonly readersById = new Map<string, ReaderSpec>();
  private readonly hashes = new Map<string, Credential>();
  /** identities whose secret is still the fleet file's: not replaced or removed through the API since */
  private readonly seeded = new Set<string>();
  private readonly listeners: RegistryListener[] = [];
  /** told of every change made here through the API (scale-out: the other processes reload theirs) */
  private readonly local: Array<() => void> = [];

  /** The registry of `fleet` with the changes the store holds applied. */
  static async open(fleet: FleetSpec | FleetFile, changes: FleetChanges): Promise<FleetRegistry> {
    return new FleetRegistry(fleet, changes, await changes.load());
  }

  constructor(
    fleet: FleetSpec | FleetFile,
    private readonly changes?: FleetChanges,
    loaded?: FleetChangeSet,
  ) {
    for (const p of fleet.plants) this.plantsById.set(p.id, p);
    this.enterpriseList = fleet.enterprises ?? [];
    this.lineList = fleet.lines ?? [];
    for (const e of this.enterpriseList) this.enterprisesById.set(e.id, e);
    for (const d of fleet.devices as Array<DeviceSpec & Credentials>) {
      this.byKey.set(mqttUsername(d.plantId, d.id), strip(d));
      this.seedHash(mqttUsername(d.plantId, d.id), d);
    }
    for (const g of (fleet.gateways ?? []) as Array<GatewaySpec & Credentials>) {
      this.gatewaysByKey.set(mqttUsername(g.plantId, g.id), strip(g));
      this.seedHash(mqttUsername(g.plantId, g.id), g);
    }
    for (const r of (fleet as FleetFile).readers ?? []) {
      this.readersById.set(r.id, strip(r));
      this.seedHash(r.id, r);
    }
    if (loaded) this.apply(loaded);
  }

  private seedHash(username: string, c: Credentials): void {
    // a plaintext secret is not hashed at boot: the file holds it anyway (see Credential)
    if (c.secretHash) this.hashes.set(username, scryptCredential(c.secretHash));
    else if (c.secret) this.hashes.set(username, plainCredential(c.secret));
    if (c.secretHash || c.secret) this.seeded.add(username);
  }

  /**
   * True while the identity's secret is the one its fleet file gives: the simulated demo plant logs in with the
   * file's plaintext only then. A secret rotated, or a device created or deleted through the API, is no longer it.
   */
  hasFleetFileSecret(username: string): boolean {
    return this.seeded.has(username);
  }

  private apply(doc: FleetChangeSet): void {
    for (const [key, d] of Object.entries(doc.devices)) {
      this.devicesChanged();
      if (d) this.byKey.set(key, d);
      else {
        this.byKey.delete(key);
        this.hashes.delete(key);
        this.seeded.delete(key);
      }
    }
    for (const [username, hash] of Object.entries(doc.secrets)) {
      this.hashes.set(username, scryptCredential(hash));
      this.seeded.delete(username);
    }
  }

  /** on the ingest path for every reading: a lookup by plant then device, without building a key string */
  device(plantId: string, deviceId: string): DeviceSpec | undefined {
    return (this.byPlant ??= this.indexByPlant()).get(plantId)?.get(deviceId);
  }

  /** Counts changes to the set of devices: what was derived from an earlier revision is to be derived again. */
  get revision(): number {
    return this.rev;
  }

  private devicesChanged(): void {
    this.byPlant = undefined;
    this.rev++;
  }

  private indexByPlant(): Map<string, Map<string, DeviceSpec>> {
    const index = new Map<string, Map<string, DeviceSpec>>();
    for (const d of this.byKey.values()) {
      let plant = index.get(d.plantId);
      if (!plant) index.set(d.plantId, (plant = new Map()));
      plant.set(d.id, d);
    }
    return index;
  }

  gateway(plantId: string, gatewayId: string): GatewaySpec | undefined {
    return this.gatewaysByKey.get(mqttUsername(plantId, gatewayId));
  }

  plants(): PlantSpec[] {
    return [...this.plantsById.values()];
  }

  /** the enterprises (legal entities, with their 统一社会信用代码) of the fleet file */
  enterprises(): EnterpriseSpec[] {
    return this.enterpriseList;
  }

  /** the production lines the plan's levels apply to (fleet file) */
  lines(): ProductionLineSpec[] {
    return this.lineList;
  }

  plant(plantId: string): PlantSpec | undefined {
    return this.plantsById.get(plantId);
  }

  enterprise(id: string): EnterpriseSpec | undefined {
    return this.enterprisesById.get(id);
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

  /** The device or gateway that logs in as `{plantId}/{id}`, or the reader that logs in as `{id}`, with its credential. */
  identity(username: string): { identity: Identity; credential?: Credential } | undefined {
    const d = this.byKey.get(username);
    if (d) return { identity: { kind: 'device', spec: d }, credential: this.hashes.get(username) };
    const g = this.gatewaysByKey.get(username);
    if (g) return { identity: { kind: 'gateway', spec: g }, credential: this.hashes.get(username) };
    const r = this.readersById.get(username);
    if (r) return { identity: { kind: 'reader', spec: r }, credential: this.hashes.get(username) };
    return undefined;
  }

  /** The read-only identities (fleet file `readers`). */
  readers(): ReaderSpec[] {
    return [...this.readersById.values()];
  }

  onChange(listener: RegistryListener): void {
    this.listeners.push(listener);
  }

  /** `listener` runs after each change made in this process (not after a reload). */
  onLocalChange(listener: () => void): void {
    this.local.push(listener);
  }

  /**
   * Takes the changes another process made to the shared store: the identities whose secret changed or which were
   * removed are told to the listeners (the broker ends their sessions), as a change made here would be.
   */
  async reload(): Promise<void> {
    if (!this.changes) return;
    const doc = await this.changes.load();
    const told: Array<[string, boolean]> = [];
    for (const [key, d] of Object.entries(doc.devices)) if (!d && this.byKey.has(key)) told.push([key, true]);
    for (const [username, hash] of Object.entries(doc.secrets)) {
      const now = this.hashes.get(username);
      if (!(now?.kind === 'scrypt' && now.hash === hash)) told.push([username, false]);
    }
    this.apply(doc);
    for (const [username, removed] of told) this.emit(username, removed);
  }

  /**
   * Creates or replaces a device; `secretHash`, when given, replaces its credentials. The store is written first:
   * a change that cannot be persisted changes nothing.
   */
  async upsertDevice(d: DeviceSpec, secretHash?: string, secret?: string): Promise<void> {
    const key = mqttUsername(d.plantId, d.id);
    await this.changes?.putDevice(key, d, secretHash);
    this.byKey.set(key, d);
    this.devicesChanged();
    if (secretHash) {
      this.hashes.set(key, scryptCredential(secretHash));
      this.seeded.delete(key);
      this.emit(key, false, secret);
    }
    this.changedHere();
  }

  async deleteDevice(plantId: string, deviceId: string): Promise<boolean> {
    const key = mqttUsername(plantId, deviceId);
    if (!this.byKey.has(key)) return false;
    await this.changes?.deleteDevice(key);
    this.byKey.delete(key);
    this.devicesChanged();
    this.hashes.delete(key);
    this.seeded.delete(key);
    this.emit(key, true);
    this.changedHere();
    return true;
  }

  /** Replaces the secret hash of a device or gateway; live sessions of that identity are ended by the broker. */
  async setSecretHash(username: string, secretHash: string, secret?: string): Promise<boolean> {
    if (!this.byKey.has(username) && !this.gatewaysByKey.has(username)) return false;
    await this.changes?.setSecret(username, secretHash);
    this.hashes.set(username, scryptCredential(secretHash));
    this.seeded.delete(username);
    this.emit(username, false, secret);
    this.changedHere();
    return true;
  }

  private changedHere(): void {
    for (const l of this.local) l();
  }

  private emit(username: string, removed: boolean, secret?: string): void {
    for (const l of this.listeners) l({ username, removed, ...(secret !== undefined ? { secret } : {}) });
  }
}
