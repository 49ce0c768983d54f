import { noisy, r, type Model } from './types.js';

/** Oil-injected screw compressor with load/unload control: specific power worsens at part load. */
export const compressor: Model = ({ device, load, health, rng }) => {
  const ratedKw = device.nameplate.ratedKw ?? 200;
  const ratedFlow = device.nameplate.ratedFlow ?? 32; // m3/min
  const flow = ratedFlow * load;
  const spDesign = ratedKw / ratedFlow; // kW/(m3/min) at full load
  const sp = (spDesign * (1 + 0.25 * (1 - load))) / health;
  return {
    active_power: { value: r(noisy(rng, flow * sp), 2), unit: 'kW' },
    air_flow: { value: r(noisy(rng, flow), 2), unit: 'm3/min' },
    discharge_pressure: { value: r(0.8 + rng.normal(0, 0.005), 3), unit: 'MPa' },
    ambient_temperature: { value: r(18 + rng.normal(0, 0.5), 1), unit: '°C' },
  };
};
