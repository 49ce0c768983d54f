import type { DeviceSpec, EquipmentClass } from '#contracts';
import { DEFAULT_FACTORS } from '../factors.js';
import { motorProfile, transformerProfile } from './electrical.js';
import { boilerProfile, compressorProfile, fanProfile, kilnProfile, pumpProfile } from './process.js';
import type { ClassProfile, ProfileFactory, ProfileOptions } from './types.js';

const FACTORIES: Record<EquipmentClass, ProfileFactory> = {
  motor: motorProfile,
  transformer: transformerProfile,
  boiler: boilerProfile,
  kiln: kilnProfile,
  compressor: compressorProfile,
  pump: pumpProfile,
  fan: fanProfile,
};

export function profileFor(device: DeviceSpec, opts: Partial<ProfileOptions> = {}): ClassProfile {
  return FACTORIES[device.class](device, {
    factors: opts.factors ?? DEFAULT_FACTORS,
  });
}

export type { ClassProfile, KpiResult, ProfileOptions } from './types.js';
