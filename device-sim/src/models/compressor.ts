import { noisy, r, type Model } from './types.js';

/**
 * Oil-injected screw compressor with load/unload control at 0.8 MPa (GB 19153-2019 rates specific power there).
 * Specific power kW/(m³/min) worsens at part load (unloaded running still draws ≈ 25 % power); health h scales
 * it by 1/h. Discharge temperature is not a catalogue metric, so ambient is sent.
 */
export const compressor: Model = ({ device, load, health, rng }) => {
  const ratedKw = device.nameplate.ratedKw ?? 200;
  const ratedFlow = device.nameplate.ratedFlow ?? 32; // m3/min
  const flow = ratedFlow * load;
  const spDesign = ratedKw / ratedFlow;
  const sp = (spDesign * (1 + 0.25 * (1 - load))) / health;
  return {
    active_power: { value: r(noisy(rng, flow * sp, 0.003), 2), unit: 'kW' },
    air_flow: { value: r(noisy(rng, flow, 0.005), 3), unit: 'm3/min' },
    discharge_pressure: { value: r(0.8 + rng.normal(0, 0.003), 4), unit: 'MPa' },
    ambient_temperature: { value: r(18 + rng.normal(0, 0.3), 1), unit: '°C' },
    power_factor: { value: r(0.88 + 0.02 * load, 3), unit: '1' },
  };
};
