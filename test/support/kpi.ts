/**
 * Class KPIs computed from canonical telemetry with the formulas of the baselines (for tests of the simulator:
 * the platform's own KPI functions live in the equipment library).
 */
export type M = Partial<Record<string, number>>;

const KJ_PER_KGCE = 29_307; // GB/T 2589
const KGCE_PER_KWH = 0.1229; // GB/T 2589, equivalent value
const RHO_G = 1000 * 9.80665;

/** motor: slip method. β = (n_s − n)/(n_s − n_N), η = β·P_N / P1 */
export function motorEfficiency(m: M, ratedKw: number, poles: number, ratedSlip: number): number {
  const ns = 6000 / poles;
  const beta = (ns - m.speed!) / (ns * ratedSlip);
  return (beta * ratedKw) / m.active_power!;
}

/** transformer: measured loss over the expected P0 + β²·Pk (β from the LV side at cos φ) */
export function transformerLossRatio(m: M, kva: number, p0: number, pk: number): number {
  const beta = m.lv_power! / (kva * (m.power_factor ?? 0.9));
  return (m.hv_power! - m.lv_power!) / (p0 + beta * beta * pk);
}

/** boiler: direct method, GB/T 10180-2017 */
export function boilerEfficiency(m: M): number {
  const heatIn = m.fuel_flow !== undefined ? m.fuel_flow * m.fuel_ncv! : m.gas_flow! * m.gas_ncv!;
  const useful =
    m.steam_flow! * 1000 * (m.steam_enthalpy! - m.feedwater_enthalpy!) +
    (m.blowdown_flow ?? 0) * 1000 * ((m.blowdown_enthalpy ?? 0) - m.feedwater_enthalpy!);
  return useful / heatIn;
}

/** kiln: comprehensive kgce per tonne (fuel + net electricity), GB 16780-2021 */
export function kilnKgcePerT(m: M): number {
  const fuel = m.fuel_flow !== undefined ? m.fuel_flow * m.fuel_ncv! : m.gas_flow! * m.gas_ncv!;
  const kgce = fuel / KJ_PER_KGCE + (m.active_power! - (m.waste_heat_power ?? 0)) * KGCE_PER_KWH;
  return kgce / m.output_rate!;
}

/** compressor: specific power kW/(m³/min), GB 19153-2019 */
export const compressorSpecificPower = (m: M): number => m.active_power! / m.air_flow!;

/** pump unit: η = ρ·g·Q·H / P1 */
export const pumpEfficiency = (m: M): number => (RHO_G * (m.water_flow! / 3600) * m.head!) / (m.active_power! * 1000);

/** fan unit: η = Q·Δp / P1 */
export const fanEfficiency = (m: M): number =>
  ((m.air_flow! / 60) * m.discharge_pressure! * 1e6) / (m.active_power! * 1000);

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
