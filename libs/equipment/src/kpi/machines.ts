/** Compressors, pumps, fans. */

const G = 9.81; // m/s²

/** Compressor specific power, kW/(m³/min) (GB 19153 rates it at full load, 0.8 MPa). */
export function compressorSpecificPower(kw: number, flowM3PerMin: number): number {
  return flowM3PerMin > 0 ? kw / flowM3PerMin : NaN;
}

/** Hydraulic power ρ·g·Q·H, kW, Q in m³/h, H in m, ρ in kg/m³. */
export function pumpHydraulicKw(flowM3PerH: number, headM: number, rho = 1000): number {
  return (rho * G * (flowM3PerH / 3600) * headM) / 1000;
}

/** Pump (wire-to-water when P is electrical input) efficiency, %: η = ρ·g·Q·H / P. */
export function pumpEfficiency(flowM3PerH: number, headM: number, kw: number, rho = 1000): number {
  return kw > 0 ? (100 * pumpHydraulicKw(flowM3PerH, headM, rho)) / kw : NaN;
}

/** System-level pumping energy, kWh/m³. */
export function pumpKwhPerM3(kw: number, flowM3PerH: number): number {
  return flowM3PerH > 0 ? kw / flowM3PerH : NaN;
}

/** Fan efficiency from air power Q·Δp, %, Q in m³/min, Δp in MPa. */
export function fanEfficiency(flowM3PerMin: number, pressureMpa: number, kw: number): number {
  return kw > 0 ? (100 * (flowM3PerMin / 60) * pressureMpa * 1000) / kw : NaN;
}

/** Specific fan power, kW/(m³/s). */
export function fanSpecificPower(kw: number, flowM3PerMin: number): number {
  return flowM3PerMin > 0 ? kw / (flowM3PerMin / 60) : NaN;
}
