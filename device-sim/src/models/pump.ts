import { noisy, r, type Metrics, type Model } from './types.js';

export const RHO_G = 1000 * 9.80665; // water, N/m³
const ETA_MOTOR = 0.95;
const SUCTION = 0.05; // MPa gauge

/**
 * Centrifugal pump. Input power P1 = ρ·g·Q·H / (η_pump · η_motor), η_pump best at rated flow (GB 19762 rates pumps
 * at their duty point); health h scales η_pump. Discharge − suction pressure = ρ·g·H. Flow follows demand by:
 * - a speed-controlled drive or the legacy steady regime: the operating point moves along the system curve
 *   (60 % static head + friction ∝ Q²);
 * - `throttle` (the common case): fixed speed, a valve adds head, the point moves along the pump's own curve
 *   H = H_N·(1.25 − 0.25·(Q/Q_N)²) (shut-off head ≈ 125 % of rated, typical of radial pumps), and efficiency
 *   falls away from the best-efficiency flow.
 */
export const pump: Model = ({ device, load, health, rng, op }): Metrics => {
  const ratedFlow = device.nameplate.ratedFlow ?? 400; // m3/h
  const ratedHead = device.nameplate.ratedHead ?? 50; // m
  if (op && !op.on)
    return {
      active_power: { value: 0, unit: 'kW' },
      water_flow: { value: 0, unit: 'm3/h' },
      head: { value: 0, unit: 'm' },
      suction_pressure: { value: SUCTION, unit: 'MPa' },
      discharge_pressure: { value: SUCTION, unit: 'MPa' },
    };
  const q = ratedFlow * load;
  const throttled = op?.control === 'throttle';
  const h = throttled ? ratedHead * (1.25 - 0.25 * load * load) : ratedHead * (0.6 + 0.4 * load * load);
  const etaPump = 0.8 * (1 - 0.6 * (load - 1) ** 2) * health;
  const kw = (RHO_G * (q / 3600) * h) / etaPump / ETA_MOTOR / 1000;
  // pressures are derived from the measured head (one transmitter pair), without random draws of their own
  const kwMeasured = r(noisy(rng, kw), 2);
  const qMeasured = r(noisy(rng, q), 1);
  const hMeasured = r(noisy(rng, h, 0.003), 2);
  return {
    active_power: { value: kwMeasured, unit: 'kW' },
    water_flow: { value: qMeasured, unit: 'm3/h' },
    head: { value: hMeasured, unit: 'm' },
    suction_pressure: { value: SUCTION, unit: 'MPa' },
    discharge_pressure: { value: r(SUCTION + (RHO_G * hMeasured) / 1e6, 4), unit: 'MPa' },
    power_factor: { value: r(0.85 + 0.03 * load, 3), unit: '1' },
  };
};
