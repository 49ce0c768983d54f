import type { EquipmentClass } from '#contracts';
import type { Model } from './types.js';
import { motor } from './motor.js';
import { transformer } from './transformer.js';
import { boiler } from './boiler.js';
import { kiln } from './kiln.js';
import { compressor } from './compressor.js';
import { pump } from './pump.js';
import { fan } from './fan.js';

export const MODELS: Record<EquipmentClass, Model> = { motor, transformer, boiler, kiln, compressor, pump, fan };
export type { Model, ModelInput, Metrics } from './types.js';
