/**
 * Metric catalogue: every metric a device may send, its canonical unit, the units accepted at the boundary
 * (converted to canonical on ingest) and a plausibility range in canonical units. Ranges are deliberately wide:
 * they catch sensor garbage (negative flows, 10^9 kW), not operating problems, which are the detectors' job.
 */

export interface UnitDef {
  /** canonical = raw * factor + offset */
  factor: number;
  offset?: number;
}

export interface MetricDef {
  canonical: string;
  units: Record<string, UnitDef>;
  min: number;
  max: number;
  description: string;
}

const same = { factor: 1 };

export const METRICS = {
  active_power: {
    canonical: 'kW',
    units: { kW: same, W: { factor: 1e-3 }, MW: { factor: 1e3 } },
    min: -1e6,
    max: 1e6,
    description: 'active (real) input power P1',
  },
  reactive_power: {
    canonical: 'kvar',
    units: { kvar: same, var: { factor: 1e-3 }, Mvar: { factor: 1e3 } },
    min: -1e6,
    max: 1e6,
    description: 'reactive power Q',
  },
  voltage: {
    canonical: 'V',
    units: { V: same, kV: { factor: 1e3 } },
    min: 0,
    max: 1.2e6,
    description: 'line-to-line voltage',
  },
  current: {
    canonical: 'A',
    units: { A: same, kA: { factor: 1e3 } },
    min: 0,
    max: 1e6,
    description: 'phase current',
  },
  power_factor: {
    canonical: '1',
    units: { '1': same, '%': { factor: 0.01 } },
    min: -1,
    max: 1,
    description: 'power factor cos φ',
  },
  frequency: { canonical: 'Hz', units: { Hz: same }, min: 40, max: 70, description: 'grid frequency' },
  energy: {
    canonical: 'kWh',
    units: { kWh: same, Wh: { factor: 1e-3 }, MWh: { factor: 1e3 } },
    min: 0,
    max: 1e15,
    description: 'cumulative active energy register',
  },
  speed: { canonical: 'rpm', units: { rpm: same }, min: 0, max: 1e5, description: 'shaft speed' },
  hv_power: {
    canonical: 'kW',
    units: { kW: same, W: { factor: 1e-3 }, MW: { factor: 1e3 } },
    min: -1e6,
    max: 1e6,
    description: 'transformer high-voltage side active power',
  },
  lv_power: {
    canonical: 'kW',
    units: { kW: same, W: { factor: 1e-3 }, MW: { factor: 1e3 } },
    min: -1e6,
    max: 1e6,
    description: 'transformer low-voltage side active power',
  },
  oil_temperature: {
    canonical: '°C',
    units: { '°C': same, degC: same, K: { factor: 1, offset: -273.15 } },
    min: -60,
    max: 250,
    description: 'transformer top-oil or winding temperature',
  },
  fuel_flow: {
    canonical: 'kg/h',
    units: { 'kg/h': same, 't/h': { factor: 1e3 } },
    min: 0,
    max: 1e7,
    description: 'solid or liquid fuel mass flow B',
  },
  fuel_ncv: {
    canonical: 'kJ/kg',
    units: { 'kJ/kg': same, 'MJ/kg': { factor: 1e3 }, 'kcal/kg': { factor: 4.1868 } },
    min: 1000,
    max: 60000,
    description: 'net calorific value of the solid or liquid fuel, as received',
  },
  gas_flow: {
    canonical: 'Nm3/h',
    units: { 'Nm3/h': same, 'm3/h': same },
    min: 0,
    max: 1e7,
    description: 'gaseous fuel volume flow at normal conditions',
  },
  gas_ncv: {
    canonical: 'kJ/Nm3',
    units: { 'kJ/Nm3': same, 'MJ/Nm3': { factor: 1e3 } },
    min: 1000,
    max: 100000,
    description: 'net calorific value of the gaseous fuel',
  },
  steam_flow: {
    canonical: 't/h',
    units: { 't/h': same, 'kg/h': { factor: 1e-3 }, 'kg/s': { factor: 3.6 } },
    min: 0,
    max: 1e4,
    description: 'steam (or hot-water) mass flow D',
  },
  steam_enthalpy: {
    canonical: 'kJ/kg',
    units: { 'kJ/kg': same, 'MJ/kg': { factor: 1e3 } },
    min: 0,
    max: 4000,
    description: 'enthalpy of the steam or outlet water h_s',
  },
  feedwater_enthalpy: {
    canonical: 'kJ/kg',
    units: { 'kJ/kg': same, 'MJ/kg': { factor: 1e3 } },
    min: 0,
    max: 2000,
    description: 'enthalpy of the feedwater or inlet water h_fw',
  },
  blowdown_flow: {
    canonical: 't/h',
    units: { 't/h': same, 'kg/h': { factor: 1e-3 } },
    min: 0,
    max: 1e3,
    description: 'boiler blowdown flow D_bd',
  },
  blowdown_enthalpy: {
    canonical: 'kJ/kg',
    units: { 'kJ/kg': same },
    min: 0,
    max: 2000,
    description: 'enthalpy of the blowdown water h_bd',
  },
  output_rate: {
    canonical: 't/h',
    units: { 't/h': same, 'kg/h': { factor: 1e-3 }, 't/d': { factor: 1 / 24 } },
    min: 0,
    max: 1e5,
    description: 'product output of a kiln or furnace',
  },
  waste_heat_power: {
    canonical: 'kW',
    units: { kW: same, MW: { factor: 1e3 } },
    min: 0,
    max: 1e6,
    description: 'electricity generated from waste heat (credited against consumption)',
  },
  temperature: {
    canonical: '°C',
    units: { '°C': same, degC: same, K: { factor: 1, offset: -273.15 } },
    min: -60,
    max: 2500,
    description: 'process temperature (kiln burning zone, flue gas)',
  },
  ambient_temperature: {
    canonical: '°C',
    units: { '°C': same, degC: same, K: { factor: 1, offset: -273.15 } },
    min: -60,
    max: 70,
    description: 'ambient air temperature',
  },
  o2: { canonical: '%', units: { '%': same }, min: 0, max: 21, description: 'flue-gas oxygen content' },
  air_flow: {
    canonical: 'm3/min',
    units: { 'm3/min': same, 'm3/h': { factor: 1 / 60 }, 'm3/s': { factor: 60 } },
    min: 0,
    max: 1e5,
    description: 'compressor free air delivery',
  },
  discharge_pressure: {
    canonical: 'MPa',
    units: { MPa: same, kPa: { factor: 1e-3 }, bar: { factor: 0.1 } },
    min: -0.1,
    max: 100,
    description: 'discharge (outlet) gauge pressure',
  },
  suction_pressure: {
    canonical: 'MPa',
    units: { MPa: same, kPa: { factor: 1e-3 }, bar: { factor: 0.1 } },
    min: -0.1,
    max: 100,
    description: 'suction (inlet) gauge pressure',
  },
  water_flow: {
    canonical: 'm3/h',
    units: { 'm3/h': same, 'm3/s': { factor: 3600 }, 'L/s': { factor: 3.6 } },
    min: 0,
    max: 1e6,
    description: 'pumped liquid volume flow Q',
  },
  head: { canonical: 'm', units: { m: same }, min: 0, max: 5000, description: 'pump total head H' },
  shaft_power: {
    canonical: 'kW',
    units: { kW: same, W: { factor: 1e-3 }, MW: { factor: 1e3 } },
    min: -1e6,
    max: 1e6,
    description: 'shaft (mechanical output) power P2, from a torque meter',
  },
} as const satisfies Record<string, MetricDef>;

export type MetricName = keyof typeof METRICS;

export function isMetricName(name: string): name is MetricName {
  return Object.prototype.hasOwnProperty.call(METRICS, name);
}

/** Converts a value in `unit` to the metric's canonical unit, or returns undefined for an unknown unit. */
export function toCanonical(metric: MetricName, value: number, unit: string): number | undefined {
  const def: MetricDef = METRICS[metric];
  // own keys only: a unit named "constructor" or "__proto__" must not reach Object.prototype
  if (!Object.prototype.hasOwnProperty.call(def.units, unit)) return undefined;
  const u = def.units[unit];
  return value * u.factor + (u.offset ?? 0);
}
