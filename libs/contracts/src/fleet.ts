import { z } from 'zod';
import type { EquipmentClass } from './equipment-classes.js';
import type { ProductionLineSpec } from './plan-compliance.js';

/** Nameplate ratings: what the KPI and the class baseline need to know about a unit. All optional per class. */
export interface Nameplate {
  /** motors, pumps, compressors, fans: rated shaft / input power, kW */
  ratedKw?: number;
  /** motors: rated efficiency at full load, % */
  ratedEfficiency?: number;
  poles?: number;
  /** transformers: rated apparent power, kVA */
  ratedKva?: number;
  transformerType?: 'oil' | 'dry';
  core?: 'silicon' | 'amorphous';
  /** transformers: no-load and load losses from the test report, kW */
  p0Kw?: number;
  pkKw?: number;
  /** dry-type transformers: insulation class the load loss is referred to (GB 20052 Table 2) */
  insulation?: 'B' | 'F' | 'H';
  /** oil-immersed transformers up to 500 kVA: connection group (GB 20052 Table 1), Dyn11 when absent */
  connection?: 'Dyn11' | 'Yzn11' | 'Yyn0';
  /** boilers: rated steam output t/h; kilns: rated output t/h */
  ratedOutputTph?: number;
  boilerType?: string;
  /** stoker and fluidised-bed coal boilers: coal class of GB 24500 Tables 1-2, e.g. 'bituminous_III' */
  coalClass?: string;
  /** hot-water boilers: rated heat output, MW */
  ratedHeatMw?: number;
  fuel?: string;
  /** kilns: product, e.g. 'cement_clinker' */
  product?: string;
  /** compressors: rated free air delivery m3/min, cooling */
  ratedFlow?: number;
  cooling?: 'air' | 'water';
  /**
   * compressors: GB 19153 type ('oil_injected_rotary', 'oil_injected_rotary_vsd', 'piston', 'oil_free_piston')
   * and rated discharge MPa
   */
  compressorKind?: string;
  pressureMpa?: number;
  /** pumps: rated head m */
  ratedHead?: number;
  /** transformers: accuracy class of the HV-side and LV-side active-power meters, % (class 0.2S: 0.2) */
  hvMeterClass?: number;
  lvMeterClass?: number;
  [key: string]: unknown;
}

/**
 * A metered process quantity that a unit's input energy is judged against, where the class's own meters cannot
 * observe efficiency (a motor metered on input power only). `shaft_power` makes the motor's efficiency P2/P1
 * observable; a throughput or flow gives specific energy (input per unit of output) instead.
 */
export interface ProcessDriver {
  metric: ProcessDriverMetric;
  /** the driver's value at rated duty, in its canonical unit (shaft_power: defaults to the rated kW) */
  rated?: number;
}
export const PROCESS_DRIVER_METRICS = ['shaft_power', 'output_rate', 'water_flow', 'air_flow', 'steam_flow'] as const;
export type ProcessDriverMetric = (typeof PROCESS_DRIVER_METRICS)[number];

export interface DeviceSpec {
  id: string;
  plantId: string;
  class: EquipmentClass;
  name: string;
  nameplate: Nameplate;
  /**
   * the plant's unit or area the device belongs to (ISA-101 level 3 between plant and equipment: a clinker line,
   * waste-heat power, the compressor house); devices without one are shown in one group of their own
   */
  area?: string;
  /** gateway that may publish for this device, if any */
  gatewayId?: string;
  /**
   * The energy ledger: `account: false` marks a sub-meter (e.g. a transformer whose load is metered again at its
   * consumers): its figures are kept per device but not added to the plant's totals, so each kWh is counted once.
   */
  ledger?: DeviceLedger;
  /** motors: the metered process quantity detection judges input energy against (see ProcessDriver) */
  driver?: ProcessDriver;
}

/**
 * A device's place in the plant's meter tree (docs/ledger.md, meter tree). `parent` names the main meter this
 * device is a sub-meter of; a parent's balance compares its own quantity with the sum of its children's.
 */
export interface DeviceLedger {
  /** false: a sub-meter whose energy is metered again downstream, kept per device but not added to plant totals */
  account?: boolean;
  /** the id of the main meter (a device of the same plant) this device is a sub-meter of */
  parent?: string;
  /** as a parent: the loss band, [lowest, highest] % of (parent − Σ children) / parent; [0, 5] when absent */
  lossBand?: [number, number];
  /** as a parent: the energy category its balance compares; electricity when absent */
  category?: string;
}

/** A meter computed from others: `formula` over device ids (and other virtual meters) of the plant. */
export interface VirtualMeterSpec {
  id: string;
  /** + − × ÷, parentheses, numbers and meter ids (`{…}` around an id with other characters) */
  formula: string;
  /** the energy category whose quantities the formula combines */
  category: string;
}

/**
 * An enterprise (legal entity) of the province's register: the tenancy level above plants. `uscc` is its 统一社会信用代码
 * (GB 32100-2015, checked), `region` the 6-digit administrative division code of where it is registered.
 */
export interface EnterpriseSpec {
  id: string;
  name: string;
  nameZh?: string;
  uscc: string;
  region: string;
}

export interface PlantSpec {
  id: string;
  name: string;
  nameZh?: string;
  /** 6-digit administrative division code */
  region?: string;
  /** IANA time zone the plant's people read times in; Asia/Shanghai when absent */
  timeZone?: string;
  /** the enterprise (an `enterprises` id) the plant belongs to; for the ledger, the plant itself when absent */
  enterprise?: string;
  industry?: string;
  /** the energy ledger: virtual meters over the plant's devices */
  ledger?: { virtualMeters?: VirtualMeterSpec[] };
}

/** A data concentrator that publishes many devices' readings on its gateway topic (see topics.ts). */
export interface GatewaySpec {
  id: string;
  plantId: string;
  name?: string;
}

/**
 * A read-only MQTT identity (a recorder, a technician's laptop): it logs in with its `id` as user name (no slash,
 * so it never collides with a device's `{plantId}/{id}`), may subscribe to `plants/#` (or, with `plantId`, to
 * `plants/{plantId}/#`) and may publish nothing.
 */
export interface ReaderSpec {
  id: string;
  plantId?: string;
  name?: string;
}

/** The topic prefix a reader may subscribe under. */
export const readerScope = (r: ReaderSpec): string => (r.plantId ? `plants/${r.plantId}/` : 'plants/');

/**
 * Credentials of a device or gateway as written in a fleet file. `secret` (plaintext) is for demo and lab fleets:
 * it is hashed when the file is loaded and never kept. `secretHash` is the self-describing scrypt string made by
 * the server (`scrypt$N=…,r=…,p=…$salt$hash`, base64url); production fleet files carry only hashes.
 */
export interface Credentials {
  secret?: string;
  secretHash?: string;
}

export interface FleetSpec {
  enterprises?: EnterpriseSpec[];
  /** production lines: the units the plan's 标杆 / 基准 levels apply to (see plan-compliance.ts) */
  lines?: ProductionLineSpec[];
  plants: PlantSpec[];
  devices: DeviceSpec[];
  gateways?: GatewaySpec[];
}

/** The fleet file: the declarative seed of the registry, devices and gateways with their credentials. */
export interface FleetFile {
  enterprises?: EnterpriseSpec[];
  lines?: ProductionLineSpec[];
  plants: PlantSpec[];
  devices: Array<DeviceSpec & Credentials>;
  gateways?: Array<GatewaySpec & Credentials>;
  readers?: Array<ReaderSpec & Credentials>;
}

/** API: answer of a secret rotation; the only time the server shows a secret. */
/** A device's or gateway's MQTT credentials, answered once when created or rotated (only a hash is kept). */
export const RotatedSecretSchema = z.object({ username: z.string(), secret: z.string() }).meta({ id: 'RotatedSecret' });
export type RotatedSecret = z.infer<typeof RotatedSecretSchema>;
