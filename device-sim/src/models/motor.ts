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

/** Rated slip of a 4-pole induction motor, falling with size (≈ 2.8 % at 7.5 kW, ≈ 1.2 % at 110 kW). */
export function ratedSlip(ratedKw: number): number {
  return Math.min(0.05, Math.max(0.008, 0.04 - 0.006 * Math.log(ratedKw)));
}

/** Synchronous speed at 50 Hz, rpm. */
export const syncSpeed = (poles: number): number => 6000 / poles;

/**
 * Induction motor. Shaft power P2 = β·P_N; input P1 = P2 / (η_N · part-load factor · health). The meter sees
 * U, I, cos φ, P1 = √3·U·I·cos φ, Q = P1·tan φ, f, and the shaft speed n = n_s·(1 − s_N·β) (slip ∝ load), from which
 * the KPI estimates β and so η = β·P_N / P1 (slip method).
 */
export const motor: Model = ({ device, load, health, rng }) => {
  const ratedKw = device.nameplate.ratedKw ?? 55;
  const poles = device.nameplate.poles ?? 4;
  const etaN = (device.nameplate.ratedEfficiency ?? 94.6) / 100;
  const eta = etaN * partLoadFactor(load) * health;
  const p1 = (load * ratedKw) / eta;
  const pf = 0.86 - 0.25 * Math.max(0, 0.75 - load); // power factor falls at light load
  const u = 380;
  const i = (p1 * 1000) / (Math.sqrt(3) * u * pf);
  const n = syncSpeed(poles) * (1 - ratedSlip(ratedKw) * load);
  // meter noise of class-0.5 instruments; the speed sensor is read to 0.1 rpm and draws no random number, so the
  // electrical stream stays as it was before speed was added (tests elsewhere rely on that sequence)
  return {
    active_power: { value: r(noisy(rng, p1), 2), unit: 'kW' },
    reactive_power: { value: r(noisy(rng, p1 * Math.tan(Math.acos(pf))), 2), unit: 'kvar' },
    voltage: { value: r(noisy(rng, u, 0.002), 1), unit: 'V' },
    current: { value: r(noisy(rng, i), 1), unit: 'A' },
    power_factor: { value: r(pf, 3), unit: '1' },
    frequency: { value: r(noisy(rng, 50, 0.0005), 2), unit: 'Hz' },
    speed: { value: r(n, 1), unit: 'rpm' },
  };
};
