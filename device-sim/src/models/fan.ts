import { noisy, r, type Metrics, type Model } from './types.js';

const ETA_MOTOR = 0.95;

/**
 * Centrifugal fan: air power = Q·Δp, input P1 = Q·Δp / (η_fan · η_motor). Design η_fan = 0.82 (GB 19761-2020
 * grade 2 for centrifugal is 81 %); health h scales it. The rated Δp is derived from the nameplate so that rated
 * flow at design efficiency draws the rated power. Damper control (and the legacy steady regime): Δp on a system
 * curve with a fixed part, efficiency falling away from rated flow; `vsd`: affinity laws, Δp ∝ Q², efficiency
 * nearly constant.
 */
export const fan: Model = ({ device, load, health, rng, op }): Metrics => {
  const ratedKw = device.nameplate.ratedKw ?? 75;
  const ratedFlow = device.nameplate.ratedFlow ?? 1500; // m3/min
  if (op && !op.on)
    return {
      active_power: { value: 0, unit: 'kW' },
      air_flow: { value: 0, unit: 'm3/min' },
      discharge_pressure: { value: 0, unit: 'MPa' },
    };
  const qN = ratedFlow / 60; // m3/s
  const dpN = (ratedKw * 1000 * 0.82 * ETA_MOTOR) / qN; // Pa
  const q = qN * load;
  const vsd = op?.control === 'vsd';
  const dp = vsd ? dpN * load * load : dpN * (0.3 + 0.7 * load * load);
  const etaFan = (vsd ? 0.82 * (1 - 0.05 * (1 - load) ** 2) : 0.82 * (1 - 0.5 * (load - 1) ** 2)) * health;
  const kw = (q * dp) / etaFan / ETA_MOTOR / 1000;
  return {
    active_power: { value: r(noisy(rng, kw, 0.003), 3), unit: 'kW' },
    air_flow: { value: r(noisy(rng, q * 60, 0.005), 2), unit: 'm3/min' },
    discharge_pressure: { value: r(noisy(rng, dp / 1e6, 0.003), 6), unit: 'MPa' },
    power_factor: { value: r(0.84 + 0.04 * load, 3), unit: '1' },
  };
};
