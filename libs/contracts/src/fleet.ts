import type { EquipmentClass } from './equipment-classes.js';

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
  /** boilers: rated steam output t/h; kilns: rated output t/h */
  ratedOutputTph?: number;
  boilerType?: string;
  fuel?: string;
  /** kilns: product, e.g. 'cement_clinker' */
  product?: string;
  /** compressors: rated free air delivery m3/min, cooling */
  ratedFlow?: number;
  cooling?: 'air' | 'water';
  /** pumps: rated head m */
  ratedHead?: number;
  [key: string]: unknown;
}

export interface DeviceSpec {
  id: string;
  plantId: string;
  class: EquipmentClass;
  name: string;
  nameplate: Nameplate;
  /** gateway that may publish for this device, if any */
  gatewayId?: string;
}

export interface PlantSpec {
  id: string;
  name: string;
  nameZh?: string;
  /** 6-digit administrative division code */
  region?: string;
  industry?: string;
}

/** A data concentrator that publishes many devices' readings on its gateway topic (see topics.ts). */
export interface GatewaySpec {
  id: string;
  plantId: string;
  name?: string;
}

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
  plants: PlantSpec[];
  devices: DeviceSpec[];
  gateways?: GatewaySpec[];
}

/** The fleet file: the declarative seed of the registry, devices and gateways with their credentials. */
export interface FleetFile {
  plants: PlantSpec[];
  devices: Array<DeviceSpec & Credentials>;
  gateways?: Array<GatewaySpec & Credentials>;
}

/** API: answer of a secret rotation; the only time the server shows a secret. */
export interface RotatedSecret {
  username: string;
  secret: string;
}
