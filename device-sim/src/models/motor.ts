import { noisy, r, type Model } from './types.js';

/** Part-load efficiency multipliers (BASELINES.md: a common non-standard curve), by load factor. */
const PART_LOAD: Array<[number, number]> = [
  [0.25, 0.9],
  [0.5, 0.98],
  [0.75, 1.0],
  [1.0, 0.995],
];

export function partLoadFactor(beta: number): number {
  if (beta <= PART_LOAD[0][0]) return PART_LOAD[0][1];
  for (let i = 1; i < PART_LOAD.length; i++) {
    const [b1, f1] = PART_LOAD[i];
    if (beta <= b1) {
      const [b0, f0] = PART_LOAD[i - 1];
      return f0 + ((f1 - f0) * (beta - b0)) / (b1 - b0);
    }
  }
  return PART_LOAD[PART_LOAD.length - 1][1];
}

/** Induction motor: shaft power from load, input power through the part-load efficiency curve. */
export const motor: Model = ({ device, load, health, rng }) => {
  const ratedKw = device.nameplate.ratedKw ?? 55;
  const etaN = (device.nameplate.ratedEfficiency ?? 94.6) / 100;
  const eta = etaN * partLoadFactor(load) * health;
  const p1 = (load * ratedKw) / eta;
  const pf = 0.86 - 0.25 * Math.max(0, 0.75 - load); // power factor falls at light load
  const u = 380;
  const i = (p1 * 1000) / (Math.sqrt(3) * u * pf);
  return {
    active_power: { value: r(noisy(rng, p1), 2), unit: 'kW' },
    reactive_power: { value: r(noisy(rng, p1 * Math.tan(Math.acos(pf))), 2), unit: 'kvar' },
    voltage: { value: r(noisy(rng, u, 0.002), 1), unit: 'V' },
    current: { value: r(noisy(rng, i), 1), unit: 'A' },
    power_factor: { value: r(pf, 3), unit: '1' },
    frequency: { value: r(noisy(rng, 50, 0.0005), 2), unit: 'Hz' },
  };
};
