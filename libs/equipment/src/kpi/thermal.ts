/** Boilers and kilns: direct (input-output) methods. Units: t/h, kg/h, Nm³/h, kJ/kg, kJ/Nm³, kW. */

export interface BoilerInput {
  /** steam (or hot-water) flow D, t/h */
  steamTph: number;
  /** steam / outlet enthalpy h_s, kJ/kg */
  steamEnthalpy: number;
  /** feedwater / inlet enthalpy h_fw, kJ/kg */
  feedwaterEnthalpy: number;
  /** blowdown flow D_bd, t/h */
  blowdownTph?: number;
  blowdownEnthalpy?: number;
  /** fuel heat input B·Q_net, kJ/h */
  fuelKjPerH: number;
}

/** Useful heat output, kJ/h: D_s·(h_s − h_fw) + D_bd·(h_bd − h_fw) (GB/T 10180-2017, direct method). */
export function boilerHeatOutput(i: Omit<BoilerInput, 'fuelKjPerH'>): number {
  const bd =
    i.blowdownTph && i.blowdownEnthalpy ? i.blowdownTph * 1000 * (i.blowdownEnthalpy - i.feedwaterEnthalpy) : 0;
  return i.steamTph * 1000 * (i.steamEnthalpy - i.feedwaterEnthalpy) + bd;
}

/** Direct-method thermal efficiency, %: η = [D_s·(h_s − h_fw) + D_bd·(h_bd − h_fw)] / (B·Q_net). */
export function boilerEfficiency(i: BoilerInput): number {
  return i.fuelKjPerH > 0 ? (100 * boilerHeatOutput(i)) / i.fuelKjPerH : 0;
}

/** Fuel heat input, kJ/h, from a solid/liquid (kg/h × kJ/kg) or gaseous (Nm³/h × kJ/Nm³) flow. */
export function fuelHeat(fuelKgph = 0, fuelNcv = 0, gasNm3ph = 0, gasNcv = 0): number {
  return fuelKgph * fuelNcv + gasNm3ph * gasNcv;
}

export interface KilnWindow {
  /** product output over the window, t */
  outputT: number;
  /** fuel heat over the window, kJ */
  fuelKj: number;
  /** electricity consumed over the window, kWh */
  electricityKwh: number;
  /** electricity generated from waste heat over the window, kWh (credited) */
  wasteHeatKwh: number;
}

export interface KilnKpi {
  /** comprehensive energy per tonne, kgce/t: fuel + electricity − waste-heat credit */
  kgcePerT: number;
  /** electricity per tonne, kWh/t (gross, before the waste-heat credit) */
  kwhPerT: number;
}

/**
 * Kiln specific consumption over a window (GB 16780-2021 comprehensive consumption: fuel and electricity in
 * standard coal, waste-heat generation credited). Instantaneous ratios are noisy, so this takes window totals.
 */
export function kilnSpecific(w: KilnWindow, kjPerKgce = 29_307, kgcePerKwh = 0.1229): KilnKpi {
  if (w.outputT <= 0) return { kgcePerT: NaN, kwhPerT: NaN };
  const kgce = w.fuelKj / kjPerKgce + (w.electricityKwh - w.wasteHeatKwh) * kgcePerKwh;
  return { kgcePerT: kgce / w.outputT, kwhPerT: w.electricityKwh / w.outputT };
}
