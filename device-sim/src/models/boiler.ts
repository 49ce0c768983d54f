import { noisy, r, type Metrics, type Model } from './types.js';

const H_STEAM = 2780; // kJ/kg, saturated steam ≈ 1.25 MPa
const H_FEEDWATER = 440; // kJ/kg, feedwater ≈ 105 °C
const H_BLOWDOWN = 806; // kJ/kg, saturated water at 1.25 MPa
const BLOWDOWN_SHARE = 0.02; // continuous blowdown, 2 % of steam flow
const MIN = 60_000;
const HOUR = 3_600_000;
const PURGE_MS = 3 * MIN; // pre-purge before light-off: fans run, no fuel
const LOW_FIRE_MS = 5 * MIN; // light-off at low fire before the burner is released to modulate

/**
 * Steam boiler, direct method (GB/T 10180-2017): fuel flow B = [D·(h_s − h_fw) + D_bd·(h_bd − h_fw)] / (η·Q_net).
 * Efficiency falls at low firing; a less efficient boiler also shows a hotter flue and more excess O₂.
 *
 * Realistic regimes add:
 * - flue loss against combustion air (Siegert: q ≈ f·(t_flue − t_air)/CO₂, f ≈ 0.37 for gas at ≈ 10 % CO₂ and
 *   ≈ 0.68 for coal at ≈ 14 %): efficiency rises ≈ 0.04 %/K (gas) and 0.05 %/K (coal) with air temperature;
 * - start-ups: pre-purge (air, no fuel), light-off at low fire, then firing at the demand while the steam output
 *   lags with time constant `lagMinutes` × coldness (water and steel heat up first: fuel leads steam); coldness
 *   1 − e^(−stop/coolingHours). Until the output catches up the direct-method efficiency is far below steady.
 */
export const boiler: Model = ({ device, load, health, rng, op }): Metrics => {
  const ratedTph = device.nameplate.ratedOutputTph ?? 20;
  const gas = device.nameplate.fuel === 'gas';
  const ncv = gas ? 35_588 : 21_000; // kJ/Nm3 natural gas; kJ/kg bituminous coal as received
  const fuelMetric = gas ? 'gas_flow' : 'fuel_flow';
  const fuelOut = (kjPerH: number): Metrics =>
    gas
      ? {
          gas_flow: { value: r(noisy(rng, kjPerH / ncv, 0.003), 2), unit: 'Nm3/h' },
          gas_ncv: { value: ncv, unit: 'kJ/Nm3' },
        }
      : {
          fuel_flow: { value: r(noisy(rng, kjPerH / ncv, 0.003), 1), unit: 'kg/h' },
          fuel_ncv: { value: ncv, unit: 'kJ/kg' },
        };
  const airC = op?.ambientC ?? 20;
  // combustion-air temperature at the burner intake, sent where the regime has an ambient
  const airTemperature = (): Metrics =>
    op?.ambientC !== undefined
      ? { ambient_temperature: { value: r(op.ambientC + rng.normal(0, 0.3), 1), unit: '°C' } }
      : {};
  if (op && !op.on) {
    const cooling = op.startup.coolingHours * HOUR;
    const flue = airC + (140 - airC) * Math.exp(-op.sinceMs / (cooling / 4));
    return {
      steam_flow: { value: 0, unit: 't/h' },
      steam_enthalpy: { value: r(noisy(rng, H_STEAM, 0.0005), 1), unit: 'kJ/kg' },
      feedwater_enthalpy: { value: r(noisy(rng, H_FEEDWATER, 0.001), 1), unit: 'kJ/kg' },
      blowdown_flow: { value: 0, unit: 't/h' },
      blowdown_enthalpy: { value: H_BLOWDOWN, unit: 'kJ/kg' },
      o2: { value: 20.9, unit: '%' },
      temperature: { value: r(flue + rng.normal(0, 1), 1), unit: '°C' },
      [fuelMetric]: { value: 0, unit: gas ? 'Nm3/h' : 'kg/h' },
      ...(gas ? { gas_ncv: { value: ncv, unit: 'kJ/Nm3' } } : { fuel_ncv: { value: ncv, unit: 'kJ/kg' } }),
      ...airTemperature(),
    };
  }
  const etaDesign = gas ? 0.93 : 0.85;
  const airEffect = op?.ambientC !== undefined ? (gas ? 0.0004 : 0.0005) * (op.ambientC - 20) : 0;
  const eta = (etaDesign + airEffect) * (1 - 0.04 * Math.max(0, 0.6 - load)) * health;
  let firing = load; // share of rated heat input going in
  let steamShare = 1; // share of the steady output coming out
  let o2Extra = 0;
  let flueDrop = 0;
  if (op?.transients && op.sinceMs < 12 * HOUR) {
    const coldness = 1 - Math.exp(-op.stoppedForMs / (op.startup.coolingHours * HOUR));
    const tau = Math.max(2 * MIN, op.startup.lagMinutes * MIN * coldness);
    const t = op.sinceMs;
    if (t < PURGE_MS) firing = 0;
    else if (t < PURGE_MS + LOW_FIRE_MS) firing = Math.min(load, 0.3);
    steamShare = t < PURGE_MS ? 0 : 1 - Math.exp(-(t - PURGE_MS) / tau);
    o2Extra = t < PURGE_MS ? 17.4 : 6 * Math.exp(-(t - PURGE_MS) / (5 * MIN));
    flueDrop = 60 * (1 - steamShare);
  }
  // steam leaves at the rate the heat allows once the water is at temperature
  const d = load * ratedTph * Math.min(steamShare, firing / Math.max(load, 1e-6));
  const dbd = d * BLOWDOWN_SHARE;
  const steadyHeat =
    (load * ratedTph * 1000 * (H_STEAM - H_FEEDWATER) +
      load * ratedTph * BLOWDOWN_SHARE * 1000 * (H_BLOWDOWN - H_FEEDWATER)) /
    eta;
  const heatKjPerH = firing === load ? steadyHeat : (steadyHeat * firing) / Math.max(load, 1e-6);
  return {
    steam_flow: { value: r(noisy(rng, d, 0.003), 3), unit: 't/h' },
    steam_enthalpy: { value: r(noisy(rng, H_STEAM, 0.0005), 1), unit: 'kJ/kg' },
    feedwater_enthalpy: { value: r(noisy(rng, H_FEEDWATER, 0.001), 1), unit: 'kJ/kg' },
    blowdown_flow: { value: r(noisy(rng, dbd, 0.01), 4), unit: 't/h' },
    blowdown_enthalpy: { value: H_BLOWDOWN, unit: 'kJ/kg' },
    o2: {
      value: r(Math.min(20.9, Math.max(1, 3.5 + o2Extra + 40 * (1 - health) + rng.normal(0, 0.15))), 2),
      unit: '%',
    },
    temperature: { value: r(140 + 600 * (1 - health) + 20 * load - flueDrop + rng.normal(0, 1), 1), unit: '°C' },
    ...fuelOut(heatKjPerH),
    ...airTemperature(),
  };
};
