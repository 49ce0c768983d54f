import type { DeviceSpec, MetricName } from '#contracts';

/**
 * What a device's meters say about energy: one channel per energy category it uses, read from a cumulative
 * register when the meter sends one, else integrated from a rate. Pure: from the fleet entry alone.
 */
export interface Channel {
  category: string;
  /** a cumulative register in the category's unit (kWh), preferred when the meter sends it */
  register?: MetricName;
  /** a rate per hour; × `rateScale` gives the category's unit per hour (kg/h → t/h: 1/1000) */
  rate: MetricName;
  rateScale: number;
  /** the metered heating value, × `ncvScale` in MJ per base unit (kJ/kg → MJ/kg: 1/1000) */
  ncv?: MetricName;
  ncvScale?: number;
}

/** Output a device meters, for unit-product consumption (kiln clinker, boiler steam), in tonnes. */
export interface OutputChannel {
  product: string;
  rate: MetricName;
  unit: 't';
}

const POWER: Partial<Record<DeviceSpec['class'], MetricName>> = {
  motor: 'active_power',
  fan: 'active_power',
  pump: 'active_power',
  compressor: 'active_power',
  kiln: 'active_power',
  boiler: 'active_power',
  // the HV side is what the grid supplies through it
  transformer: 'hv_power',
};

/**
 * The ledger category of a fired unit's solid or liquid fuel, from its nameplate: a category id as it is, a GB 24500
 * coal class (`bituminous_III`) by its coal type, otherwise coal as raw coal and oil as fuel oil.
 */
export function fuelCategory(nameplate: DeviceSpec['nameplate'], categories: readonly string[]): string {
  const fuel = typeof nameplate.fuel === 'string' ? nameplate.fuel : undefined;
  if (fuel && categories.includes(fuel)) return fuel;
  const coalType = typeof nameplate.coalClass === 'string' ? nameplate.coalClass.split('_')[0] : undefined;
  if (coalType && categories.includes(coalType)) return coalType;
  if (fuel === 'oil' || fuel === 'heavy_oil') return 'fuel_oil';
  return 'raw_coal';
}

export function channelsOf(d: DeviceSpec, categories: readonly string[]): Channel[] {
  const out: Channel[] = [];
  const power = POWER[d.class];
  if (power) out.push({ category: 'electricity', register: 'energy', rate: power, rateScale: 1 });
  if (d.class === 'boiler' || d.class === 'kiln') {
    out.push({ category: 'natural_gas', rate: 'gas_flow', rateScale: 1, ncv: 'gas_ncv', ncvScale: 1 / 1000 });
    out.push({
      category: fuelCategory(d.nameplate, categories),
      rate: 'fuel_flow',
      rateScale: 1 / 1000,
      ncv: 'fuel_ncv',
      ncvScale: 1 / 1000,
    });
  }
  return out;
}

/**
 * The channels a device must report on every day: its power meter and, for a fired unit, the fuel its nameplate names
 * (gas through the gas flow, other fuels through the fuel flow). A day a device is silent on them is a day of missing
 * data; `channelsOf` also lists flows a unit may never use (a coal boiler's gas line), which are not expected.
 */
export function expectedChannels(d: DeviceSpec, categories: readonly string[]): Channel[] {
  const fuel = typeof d.nameplate.fuel === 'string' ? d.nameplate.fuel : undefined;
  const gas = fuel === 'gas' || fuel === 'natural_gas';
  const named = fuel !== undefined || typeof d.nameplate.coalClass === 'string';
  return channelsOf(d, categories).filter((ch) =>
    ch.rate === 'gas_flow' ? gas : ch.rate === 'fuel_flow' ? named && !gas : true,
  );
}

export function outputOf(d: DeviceSpec): OutputChannel | undefined {
  if (d.class === 'kiln')
    return {
      product: typeof d.nameplate.product === 'string' ? d.nameplate.product : 'clinker',
      rate: 'output_rate',
      unit: 't',
    };
  if (d.class === 'boiler') return { product: 'steam', rate: 'steam_flow', unit: 't' };
  return undefined;
}

/** Every metric the ledger reads from a device's rollups. */
export function fieldsOf(channels: readonly Channel[], output?: OutputChannel): MetricName[] {
  const s = new Set<MetricName>();
  for (const c of channels) {
    if (c.register) s.add(c.register);
    s.add(c.rate);
    if (c.ncv) s.add(c.ncv);
  }
  if (output) s.add(output.rate);
  return [...s];
}
