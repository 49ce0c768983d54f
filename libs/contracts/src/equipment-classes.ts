import type { MetricName } from './units.js';

/** The six classes of key energy-using equipment named by the provincial plan, plus fans. */
export const EQUIPMENT_CLASSES = ['motor', 'transformer', 'boiler', 'kiln', 'compressor', 'pump', 'fan'] as const;
export type EquipmentClass = (typeof EQUIPMENT_CLASSES)[number];

export function isEquipmentClass(v: unknown): v is EquipmentClass {
  return typeof v === 'string' && (EQUIPMENT_CLASSES as readonly string[]).includes(v);
}

export interface ClassTelemetry {
  /** every one of these must be present for the KPI */
  required: MetricName[];
  /** at least one group must be fully present (e.g. solid fuel or gas) */
  oneOf?: MetricName[][];
  optional: MetricName[];
  labels: { en: string; zh: string };
}

/** What each class's KPI needs from a meter (see docs/telemetry.md). */
export const CLASS_TELEMETRY: Record<EquipmentClass, ClassTelemetry> = {
  motor: {
    required: ['active_power'],
    optional: ['voltage', 'current', 'power_factor', 'reactive_power', 'frequency', 'energy', 'speed', 'shaft_power'],
    labels: { en: 'Motor', zh: '电机' },
  },
  transformer: {
    required: ['hv_power', 'lv_power'],
    optional: [
      'power_factor',
      'voltage',
      'current',
      'energy',
      'oil_temperature',
      'reactive_power',
      'ambient_temperature',
    ],
    labels: { en: 'Transformer', zh: '变压器' },
  },
  boiler: {
    required: ['steam_flow', 'steam_enthalpy', 'feedwater_enthalpy'],
    oneOf: [
      ['fuel_flow', 'fuel_ncv'],
      ['gas_flow', 'gas_ncv'],
    ],
    optional: [
      'blowdown_flow',
      'blowdown_enthalpy',
      'o2',
      'temperature',
      'active_power',
      'energy',
      'ambient_temperature',
    ],
    labels: { en: 'Boiler', zh: '锅炉' },
  },
  kiln: {
    required: ['output_rate', 'active_power'],
    oneOf: [
      ['fuel_flow', 'fuel_ncv'],
      ['gas_flow', 'gas_ncv'],
    ],
    optional: ['waste_heat_power', 'temperature', 'o2', 'energy'],
    labels: { en: 'Kiln', zh: '窑炉' },
  },
  compressor: {
    required: ['active_power', 'air_flow'],
    optional: ['discharge_pressure', 'ambient_temperature', 'energy', 'power_factor'],
    labels: { en: 'Air compressor', zh: '空压机' },
  },
  pump: {
    required: ['active_power', 'water_flow'],
    optional: ['head', 'discharge_pressure', 'suction_pressure', 'energy', 'power_factor'],
    labels: { en: 'Pump', zh: '泵' },
  },
  fan: {
    required: ['active_power', 'air_flow'],
    optional: ['discharge_pressure', 'energy', 'power_factor'],
    labels: { en: 'Fan', zh: '风机' },
  },
};
