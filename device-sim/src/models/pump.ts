import { noisy, r, type Model } from './types.js';

/** Centrifugal pump on a system curve: P = ρ·g·Q·H / η_pump / η_motor. */
export const pump: Model = ({ device, load, health, rng }) => {
  const ratedFlow = device.nameplate.ratedFlow ?? 400; // m3/h
  const ratedHead = device.nameplate.ratedHead ?? 50; // m
  const q = ratedFlow * load;
  const h = ratedHead * (0.6 + 0.4 * load * load); // static + friction head
  const etaPump = 0.8 * (1 - 0.6 * (load - 1) ** 2) * health; // best efficiency at rated flow
  const kw = (1000 * 9.81 * (q / 3600) * h) / etaPump / 0.95 / 1000;
  return {
    active_power: { value: r(noisy(rng, kw), 2), unit: 'kW' },
    water_flow: { value: r(noisy(rng, q), 1), unit: 'm3/h' },
    head: { value: r(noisy(rng, h, 0.003), 2), unit: 'm' },
  };
};
