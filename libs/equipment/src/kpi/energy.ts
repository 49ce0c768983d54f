import type { Reading } from '#contracts';
import type { EnergyFactors } from '../factors.js';
import { DEFAULT_FACTORS } from '../factors.js';

export interface EnergyRate {
  /** primary energy use, kgce/h */
  kgcePerH: number;
  /** CO₂ emission rate, kg/h */
  kgCo2PerH: number;
}

/**
 * A device's energy use in standard coal and its CO₂ rate from what it meters: fuel heat (solid fuel treated as
 * coal), gas, and electricity (active power, or the HV side of a transformer's losses); waste-heat generation is
 * credited. A transformer is charged only its loss, since the energy it passes on is counted at the consumer.
 */
export function energyRate(r: Reading, f: EnergyFactors = DEFAULT_FACTORS): EnergyRate {
  const m = r.metrics;
  let kgce = 0;
  let co2 = 0;
  if (m.fuel_flow !== undefined && m.fuel_ncv !== undefined) {
    const c = (m.fuel_flow * m.fuel_ncv) / f.kjPerKgce.value;
    kgce += c;
    co2 += c * f.coalKgCo2PerKgce.value;
  }
  if (m.gas_flow !== undefined && m.gas_ncv !== undefined) {
    kgce += (m.gas_flow * m.gas_ncv) / f.kjPerKgce.value;
    co2 += m.gas_flow * f.naturalGasKgCo2PerNm3.value;
  }
  let kw = r.class === 'transformer' ? (m.hv_power ?? 0) - (m.lv_power ?? 0) : (m.active_power ?? 0);
  kw -= m.waste_heat_power ?? 0;
  kgce += kw * f.electricityKgcePerKwh.value;
  co2 += kw * f.gridKgCo2PerKwh.value;
  return { kgcePerH: kgce, kgCo2PerH: co2 };
}
