import { noisy, r, type Model } from './types.js';

const KJ_PER_KGCE = 29_307; // GB/T 2589

/** Cement clinker kiln: coal heat ≈ 95 kgce/t of clinker and ≈ 52 kWh/t of electricity at design output. */
export const kiln: Model = ({ device, load, health, rng }) => {
  const ratedTph = device.nameplate.ratedOutputTph ?? 200;
  const out = ratedTph * (0.7 + 0.3 * load); // kilns run continuously; output swings less than shift load
  const heatKgcePerT = 95 / health;
  const ncv = 23_000; // kJ/kg
  const coalKgPerH = (out * heatKgcePerT * KJ_PER_KGCE) / ncv;
  return {
    output_rate: { value: r(noisy(rng, out, 0.01), 2), unit: 't/h' },
    fuel_flow: { value: r(noisy(rng, coalKgPerH, 0.01), 1), unit: 'kg/h' },
    fuel_ncv: { value: ncv, unit: 'kJ/kg' },
    active_power: { value: r(noisy(rng, out * 52), 1), unit: 'kW' },
    waste_heat_power: { value: r(noisy(rng, out * 30, 0.02), 1), unit: 'kW' },
    temperature: { value: r(1450 + rng.normal(0, 8), 0), unit: '°C' },
  };
};
