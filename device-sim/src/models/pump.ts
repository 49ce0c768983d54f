import { noisy, r, type Model } from './types.js';

export const RHO_G = 1000 * 9.80665; // water, N/m³
const ETA_MOTOR = 0.95;

/**
 * Centrifugal pump on a system curve (60 % static head + friction ∝ Q²). Input power
 * P1 = ρ·g·Q·H / (η_pump · η_motor), η_pump best at rated flow (GB 19762 rates pumps at their duty point);
 * health h scales η_pump. Discharge − suction pressure = ρ·g·H.
 */
export const pump: Model = ({ device, load, health, rng }) => {
  const ratedFlow = device.nameplate.ratedFlow ?? 400; // m3/h
  const ratedHead = device.nameplate.ratedHead ?? 50; // m
  const q = ratedFlow * load;
  const h = ratedHead * (0.6 + 0.4 * load * load);
  const etaPump = 0.8 * (1 - 0.6 * (load - 1) ** 2) * health;
  const kw = (RHO_G * (q / 3600) * h) / etaPump / ETA_MOTOR / 1000;
  const suction = 0.05; // MPa gauge
  // pressures are derived from the measured head (one transmitter pair), without random draws of their own
  const kwMeasured = r(noisy(rng, kw), 2);
  const qMeasured = r(noisy(rng, q), 1);
  const hMeasured = r(noisy(rng, h, 0.003), 2);
  return {
    active_power: { value: kwMeasured, unit: 'kW' },
    water_flow: { value: qMeasured, unit: 'm3/h' },
    head: { value: hMeasured, unit: 'm' },
    suction_pressure: { value: suction, unit: 'MPa' },
    discharge_pressure: { value: r(suction + (RHO_G * hMeasured) / 1e6, 4), unit: 'MPa' },
    power_factor: { value: r(0.85 + 0.03 * load, 3), unit: '1' },
  };
};
