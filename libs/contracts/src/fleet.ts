import { z } from 'zod';
import { EQUIPMENT_CLASSES } from './equipment-classes.js';
import type { ProductionLineSpec } from './plan-compliance.js';

/**
 * Nameplate ratings: what the KPI and the class baseline need to know about a unit. All optional per class; a fleet
 * file may carry further entries, kept as they are. (The API's request bodies bound them further: NameplateSchema in
 * api-bodies.ts.)
 */
export const NameplateSpecSchema = z
  .looseObject({
    /** motors, pumps, compressors, fans: rated shaft / input power, kW */
    ratedKw: z.number().optional(),
    /** motors: rated efficiency at full load, % */
    ratedEfficiency: z.number().optional(),
    poles: z.number().optional(),
    /** transformers: rated apparent power, kVA */
    ratedKva: z.number().optional(),
    transformerType: z.enum(['oil', 'dry']).optional(),
    core: z.enum(['silicon', 'amorphous']).optional(),
    /** transformers: no-load and load losses from the test report, kW */
    p0Kw: z.number().optional(),
    pkKw: z.number().optional(),
    /** dry-type transformers: insulation class the load loss is referred to (GB 20052 Table 2) */
    insulation: z.enum(['B', 'F', 'H']).optional(),
    /** oil-immersed transformers up to 500 kVA: connection group (GB 20052 Table 1), Dyn11 when absent */
    connection: z.enum(['Dyn11', 'Yzn11', 'Yyn0']).optional(),
    /** boilers: rated steam output t/h; kilns: rated output t/h */
    ratedOutputTph: z.number().optional(),
    boilerType: z.string().optional(),
    /** stoker and fluidised-bed coal boilers: coal class of GB 24500 Tables 1-2, e.g. 'bituminous_III' */
    coalClass: z.string().optional(),
    /** hot-water boilers: rated heat output, MW */
    ratedHeatMw: z.number().optional(),
    fuel: z.string().optional(),
    /** kilns: product, e.g. 'cement_clinker' */
    product: z.string().optional(),
    /** compressors: rated free air delivery m3/min, cooling */
    ratedFlow: z.number().optional(),
    cooling: z.enum(['air', 'water']).optional(),
    /**
     * compressors: GB 19153 type ('oil_injected_rotary', 'oil_injected_rotary_vsd', 'piston', 'oil_free_piston')
     * and rated discharge MPa
     */
    compressorKind: z.string().optional(),
    pressureMpa: z.number().optional(),
    /** pumps: rated head m */
    ratedHead: z.number().optional(),
    /** transformers: accuracy class of the HV-side and LV-side active-power meters, % (class 0.2S: 0.2) */
    hvMeterClass: z.number().optional(),
    lvMeterClass: z.number().optional(),
  })
  .meta({ id: 'Nameplate' });
export type Nameplate = z.infer<typeof NameplateSpecSchema>;

export const PROCESS_DRIVER_METRICS = ['shaft_power', 'output_rate', 'water_flow', 'air_flow', 'steam_flow'] as const;
export type ProcessDriverMetric = (typeof PROCESS_DRIVER_METRICS)[number];

/**
 * A metered process quantity that a unit's input energy is judged against, where the class's own meters cannot
 * observe efficiency (a motor metered on input power only). `shaft_power` makes the motor's efficiency P2/P1
 * observable; a throughput or flow gives specific energy (input per unit of output) instead.
 */
export const ProcessDriverSchema = z.object({
  metric: z.enum(PROCESS_DRIVER_METRICS),
  /** the driver's value at rated duty, in its canonical unit (shaft_power: defaults to the rated kW) */
  rated: z.number().optional(),
});
export type ProcessDriver = z.infer<typeof ProcessDriverSchema>;

/**
 * A device's place in the plant's meter tree (docs/ledger.md, meter tree). `parent` names the main meter this
 * device is a sub-meter of; a parent's balance compares its own quantity with the sum of its children's.
 */
export const DeviceLedgerSchema = z.object({
  /** false: a sub-meter whose energy is metered again downstream, kept per device but not added to plant totals */
  account: z.boolean().optional(),
  /** the id of the main meter (a device of the same plant) this device is a sub-meter of */
  parent: z.string().optional(),
  /** as a parent: the loss band, [lowest, highest] % of (parent − Σ children) / parent; [0, 5] when absent */
  lossBand: z.tuple([z.number(), z.number()]).optional(),
  /** as a parent: the energy category its balance compares; electricity when absent */
  category: z.string().optional(),
});
export type DeviceLedger = z.infer<typeof DeviceLedgerSchema>;

export const DeviceSpecSchema = z
  .object({
    id: z.string(),
    plantId: z.string(),
    class: z.enum(EQUIPMENT_CLASSES),
    name: z.string(),
    nameplate: NameplateSpecSchema,
    /**
     * the plant's unit or area the device belongs to (ISA-101 level 3 between plant and equipment: a clinker line,
     * waste-heat power, the compressor house); devices without one are shown in one group of their own
     */
    area: z.string().optional(),
    /** gateway that may publish for this device, if any */
    gatewayId: z.string().optional(),
    /**
     * The energy ledger: `account: false` marks a sub-meter (e.g. a transformer whose load is metered again at its
     * consumers): its figures are kept per device but not added to the plant's totals, so each kWh is counted once.
     */
    ledger: DeviceLedgerSchema.optional(),
    /** motors: the metered process quantity detection judges input energy against (see ProcessDriver) */
    driver: ProcessDriverSchema.optional(),
  })
  .meta({ id: 'DeviceSpec' });
export type DeviceSpec = z.infer<typeof DeviceSpecSchema>;

/** A meter computed from others: `formula` over device ids (and other virtual meters) of the plant. */
export const VirtualMeterSpecSchema = z.object({
  id: z.string(),
  /** + − × ÷, parentheses, numbers and meter ids (`{…}` around an id with other characters) */
  formula: z.string(),
  /** the energy category whose quantities the formula combines */
  category: z.string(),
});
export type VirtualMeterSpec = z.infer<typeof VirtualMeterSpecSchema>;

/**
 * An enterprise (legal entity) of the province's register: the tenancy level above plants. `uscc` is its 统一社会信用代码
 * (GB 32100-2015, checked), `region` the 6-digit administrative division code of where it is registered.
 */
export const EnterpriseSpecSchema = z.object({
  id: z.string(),
  name: z.string(),
  nameZh: z.string().optional(),
  uscc: z.string(),
  region: z.string(),
});
export type EnterpriseSpec = z.infer<typeof EnterpriseSpecSchema>;

export const PlantSpecSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    nameZh: z.string().optional(),
    /** 6-digit administrative division code */
    region: z.string().optional(),
    /** IANA time zone the plant's people read times in; Asia/Shanghai when absent */
    timeZone: z.string().optional(),
    /** the enterprise (an `enterprises` id) the plant belongs to; for the ledger, the plant itself when absent */
    enterprise: z.string().optional(),
    industry: z.string().optional(),
    /** the energy ledger: virtual meters over the plant's devices */
    ledger: z.object({ virtualMeters: z.array(VirtualMeterSpecSchema).optional() }).optional(),
  })
  .meta({ id: 'PlantSpec' });
export type PlantSpec = z.infer<typeof PlantSpecSchema>;

/** A data concentrator that publishes many devices' readings on its gateway topic (see topics.ts). */
export const GatewaySpecSchema = z
  .object({ id: z.string(), plantId: z.string(), name: z.string().optional() })
  .meta({ id: 'GatewaySpec' });
export type GatewaySpec = z.infer<typeof GatewaySpecSchema>;

/** GET /api/fleet: what the caller's scope holds; `enterprises`: those of the plants it sees (names for pickers). */
export const FleetListSchema = z
  .object({
    plants: z.array(PlantSpecSchema),
    devices: z.array(DeviceSpecSchema),
    gateways: z.array(GatewaySpecSchema),
    enterprises: z.array(EnterpriseSpecSchema),
  })
  .meta({ id: 'FleetList' });
export type FleetList = z.infer<typeof FleetListSchema>;

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
