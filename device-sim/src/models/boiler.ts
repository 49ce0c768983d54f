import { noisy, r, type Model } from './types.js';

/** Steam boiler, direct method (GB/T 10180): fuel flow B = D·(h_s − h_fw) / (η·Q_net). */
export const boiler: Model = ({ device, load, health, rng }) => {
  const ratedTph = device.nameplate.ratedOutputTph ?? 20;
  const gas = device.nameplate.fuel === 'gas';
  const etaDesign = gas ? 0.93 : 0.85;
  const eta = etaDesign * (1 - 0.04 * Math.max(0, 0.6 - load)) * health; // efficiency falls at low firing
  const d = load * ratedTph; // t/h
  const hs = 2780; // kJ/kg, saturated steam ≈ 1.25 MPa
  const hfw = 440; // kJ/kg, feedwater ≈ 105 °C
  const heatKjPerH = (d * 1000 * (hs - hfw)) / eta;
  const base = {
    steam_flow: { value: r(noisy(rng, d), 3), unit: 't/h' },
    steam_enthalpy: { value: hs, unit: 'kJ/kg' },
    feedwater_enthalpy: { value: r(noisy(rng, hfw, 0.002), 1), unit: 'kJ/kg' },
    o2: { value: r(Math.max(1, 4 + rng.normal(0, 0.2)), 2), unit: '%' },
  };
  if (gas) {
    const ncv = 35_588; // kJ/Nm3, natural gas
    return {
      ...base,
      gas_flow: { value: r(noisy(rng, heatKjPerH / ncv), 2), unit: 'Nm3/h' },
      gas_ncv: { value: ncv, unit: 'kJ/Nm3' },
    };
  }
  const ncv = 21_000; // kJ/kg, bituminous coal as received
  return {
    ...base,
    fuel_flow: { value: r(noisy(rng, heatKjPerH / ncv), 1), unit: 'kg/h' },
    fuel_ncv: { value: ncv, unit: 'kJ/kg' },
  };
};
