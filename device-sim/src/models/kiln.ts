import { noisy, r, type Metrics, type Model } from './types.js';

export const KJ_PER_KGCE = 29_307; // GB/T 2589
export const KGCE_PER_KWH = 0.1229; // GB/T 2589, equivalent value

const HOUR = 3_600_000;
const NCV = 23_000; // kJ/kg coal

/**
 * Cement clinker kiln at design: coal heat ≈ 95 kgce/t, electricity ≈ 52 kWh/t, waste-heat power ≈ 30 kWh/t
 * (comprehensive ≈ 97 kgce/t, GB 16780-2021 grade 1 is 100). Health h scales the specific consumption by 1/h.
 * Output follows the raw-meal feed: 70 % + 30 % × the schedule load (a kiln runs near its rating).
 *
 * Realistic regimes add stops and restarts: while stopped, no fuel, no clinker, auxiliaries at ≈ 10 % of running
 * power; after a stop, a heat-up of `heatUpHours` × coldness (coldness 1 − e^(−stop/coolingHours)) with fuel at
 * ≈ 35 % of full firing and no output while the burning zone climbs back to ≈ 1450 °C; then a feed ramp from 40 %
 * over `rampHours` × coldness during which heat per tonne runs up to 15 % above steady (the shell and the
 * preheater still take heat). Approximate common practice; a plant's own figures replace them.
 */
export const kiln: Model = ({ device, load, health, rng, op }): Metrics => {
  const ratedTph = device.nameplate.ratedOutputTph ?? 200;
  const fullOut = ratedTph * (0.7 + 0.3 * load);
  if (op && !op.on) {
    const burning = 300 + 1150 * Math.exp(-op.sinceMs / (op.startup.coolingHours * HOUR));
    return {
      output_rate: { value: 0, unit: 't/h' },
      fuel_flow: { value: 0, unit: 'kg/h' },
      fuel_ncv: { value: NCV, unit: 'kJ/kg' },
      active_power: { value: r(noisy(rng, ratedTph * 52 * 0.1, 0.01), 1), unit: 'kW' },
      waste_heat_power: { value: 0, unit: 'kW' },
      temperature: { value: r(burning + rng.normal(0, 8), 0), unit: '°C' },
      o2: { value: 20.9, unit: '%' },
    };
  }
  let out = fullOut;
  let extra = 1; // heat per tonne above steady during the feed ramp
  let heatUpFuel = 0; // kg/h while heating with no feed
  let temperature = 1450;
  if (op?.transients && Number.isFinite(op.sinceMs) && op.sinceMs < 48 * HOUR) {
    const coldness = 1 - Math.exp(-op.stoppedForMs / (op.startup.coolingHours * HOUR));
    const heatUp = op.startup.heatUpHours * HOUR * coldness;
    const ramp = Math.max(0.5 * HOUR, op.startup.rampHours * HOUR * coldness);
    const t = op.sinceMs;
    if (t < heatUp) {
      out = 0;
      heatUpFuel = (0.35 * ratedTph * 95 * KJ_PER_KGCE) / NCV;
      temperature = 1450 - 1150 * coldness * (1 - t / heatUp);
    } else if (t < heatUp + ramp) {
      const f = (t - heatUp) / ramp;
      out = fullOut * (0.4 + 0.6 * f);
      extra = 1 + 0.15 * (1 - f);
    }
  }
  const heatKgcePerT = ((95 * (1 + 0.05 * (1 - load))) / health) * extra; // heat losses are partly fixed
  const coalKgPerH = out > 0 ? (out * heatKgcePerT * KJ_PER_KGCE) / NCV : heatUpFuel;
  return {
    output_rate: { value: r(noisy(rng, out, 0.005), 2), unit: 't/h' },
    fuel_flow: { value: r(noisy(rng, coalKgPerH, 0.005), 1), unit: 'kg/h' },
    fuel_ncv: { value: NCV, unit: 'kJ/kg' },
    active_power: { value: r(noisy(rng, Math.max(out * 52, ratedTph * 52 * 0.25) / health, 0.003), 1), unit: 'kW' },
    waste_heat_power: { value: r(noisy(rng, out * 30, 0.01), 1), unit: 'kW' },
    temperature: { value: r(temperature + rng.normal(0, 8), 0), unit: '°C' },
    o2: { value: r(Math.max(0.5, 2.5 + 20 * (1 - health) + rng.normal(0, 0.1)), 2), unit: '%' },
  };
};
