import { noisy, r, type Model } from './types.js';

/** Centrifugal fan; air power = Q·Δp, shaft efficiency ≈ 0.8 at duty. */
export const fan: Model = ({ device, load, health, rng }) => {
  const ratedKw = device.nameplate.ratedKw ?? 75;
  const ratedFlow = device.nameplate.ratedFlow ?? 1500; // m3/min
  const flow = ratedFlow * load;
  const kw = (ratedKw * load ** 3 + ratedKw * 0.05) / health; // affinity law plus fixed losses
  return {
    active_power: { value: r(noisy(rng, kw), 2), unit: 'kW' },
    air_flow: { value: r(noisy(rng, flow), 1), unit: 'm3/min' },
  };
};
