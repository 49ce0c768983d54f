import { noisy, r, type Model } from './types.js';

export const KJ_PER_KGCE = 29_307; // GB/T 2589
export const KGCE_PER_KWH = 0.1229; // GB/T 2589, equivalent value

/**
 * Cement clinker kiln at design: coal heat ≈ 95 kgce/t, electricity ≈ 52 kWh/t, waste-heat power ≈ 30 kWh/t
 * (comprehensive ≈ 97 kgce/t, GB 16780-2021 grade 1 is 100). Health h scales the specific consumption by 1/h.
 * Output swings little: kilns run continuously, the shift schedule moves the raw-meal feed by ±15 %.
 */
export const kiln: Model = ({ device, load, health, rng }) => {
  const ratedTph = device.nameplate.ratedOutputTph ?? 200;
  const out = ratedTph * (0.7 + 0.3 * load);
  const heatKgcePerT = (95 * (1 + 0.05 * (1 - load))) / health; // heat losses are partly fixed
  const ncv = 23_000; // kJ/kg
  const coalKgPerH = (out * heatKgcePerT * KJ_PER_KGCE) / ncv;
  return {
    output_rate: { value: r(noisy(rng, out, 0.005), 2), unit: 't/h' },
    fuel_flow: { value: r(noisy(rng, coalKgPerH, 0.005), 1), unit: 'kg/h' },
    fuel_ncv: { value: ncv, unit: 'kJ/kg' },
    active_power: { value: r(noisy(rng, (out * 52) / health, 0.003), 1), unit: 'kW' },
    waste_heat_power: { value: r(noisy(rng, out * 30, 0.01), 1), unit: 'kW' },
    temperature: { value: r(1450 + rng.normal(0, 8), 0), unit: '°C' },
    o2: { value: r(Math.max(0.5, 2.5 + 20 * (1 - health) + rng.normal(0, 0.1)), 2), unit: '%' },
  };
};
