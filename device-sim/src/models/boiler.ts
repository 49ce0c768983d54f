import { noisy, r, type Model } from './types.js';

const H_STEAM = 2780; // kJ/kg, saturated steam ≈ 1.25 MPa
const H_FEEDWATER = 440; // kJ/kg, feedwater ≈ 105 °C
const H_BLOWDOWN = 806; // kJ/kg, saturated water at 1.25 MPa
const BLOWDOWN_SHARE = 0.02; // continuous blowdown, 2 % of steam flow

/**
 * Steam boiler, direct method (GB/T 10180-2017): fuel flow B = [D·(h_s − h_fw) + D_bd·(h_bd − h_fw)] / (η·Q_net).
 * Efficiency falls at low firing; a less efficient boiler also shows a hotter flue and more excess O₂.
 */
export const boiler: Model = ({ device, load, health, rng }) => {
  const ratedTph = device.nameplate.ratedOutputTph ?? 20;
  const gas = device.nameplate.fuel === 'gas';
  const etaDesign = gas ? 0.93 : 0.85;
  const eta = etaDesign * (1 - 0.04 * Math.max(0, 0.6 - load)) * health;
  const d = load * ratedTph; // t/h
  const dbd = d * BLOWDOWN_SHARE;
  const heatKjPerH = (d * 1000 * (H_STEAM - H_FEEDWATER) + dbd * 1000 * (H_BLOWDOWN - H_FEEDWATER)) / eta;
  const base = {
    steam_flow: { value: r(noisy(rng, d, 0.003), 3), unit: 't/h' },
    steam_enthalpy: { value: r(noisy(rng, H_STEAM, 0.0005), 1), unit: 'kJ/kg' },
    feedwater_enthalpy: { value: r(noisy(rng, H_FEEDWATER, 0.001), 1), unit: 'kJ/kg' },
    blowdown_flow: { value: r(noisy(rng, dbd, 0.01), 4), unit: 't/h' },
    blowdown_enthalpy: { value: H_BLOWDOWN, unit: 'kJ/kg' },
    o2: { value: r(Math.max(1, 3.5 + 40 * (1 - health) + rng.normal(0, 0.15)), 2), unit: '%' },
    temperature: { value: r(140 + 600 * (1 - health) + 20 * load + rng.normal(0, 1), 1), unit: '°C' },
  };
  if (gas) {
    const ncv = 35_588; // kJ/Nm3, natural gas
    return {
      ...base,
      gas_flow: { value: r(noisy(rng, heatKjPerH / ncv, 0.003), 2), unit: 'Nm3/h' },
      gas_ncv: { value: ncv, unit: 'kJ/Nm3' },
    };
  }
  const ncv = 21_000; // kJ/kg, bituminous coal as received
  return {
    ...base,
    fuel_flow: { value: r(noisy(rng, heatKjPerH / ncv, 0.003), 1), unit: 'kg/h' },
    fuel_ncv: { value: ncv, unit: 'kJ/kg' },
  };
};
