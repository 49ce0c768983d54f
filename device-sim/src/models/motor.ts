import type { Rng } from '../rng.js';
import { noisy, r, type Metrics, type Model } from './types.js';

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
export const motor: Model = ({ device, load, health, rng, op }): Metrics => {
  const ratedKw = device.nameplate.ratedKw ?? 55;
  const poles = device.nameplate.poles ?? 4;
  const etaN = (device.nameplate.ratedEfficiency ?? 94.6) / 100;
  const u = 380;
  if (op && !op.on) return stopped(u, rng);
  // direct-on-line start: ≈ 6 × rated current at cos φ ≈ 0.3 for a few seconds (IEC 60034-12 design N locked-rotor
  // currents are 5-8 × I_N), longer for big, heavily loaded drives
  if (op?.transients && op.sinceMs < (3 + 0.1 * ratedKw) * 1000) return starting(ratedKw, etaN, u, rng);
  const eta = etaN * partLoadFactor(load) * health;
  const p1 = (load * ratedKw) / eta;
  const pf = 0.86 - 0.25 * Math.max(0, 0.75 - load); // power factor falls at light load
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

/** A stopped motor: the bus voltage is still there, no current, no power. */
function stopped(u: number, rng: Rng): Metrics {
  return {
    active_power: { value: 0, unit: 'kW' },
    reactive_power: { value: 0, unit: 'kvar' },
    voltage: { value: r(noisy(rng, u, 0.002), 1), unit: 'V' },
    current: { value: 0, unit: 'A' },
    frequency: { value: r(noisy(rng, 50, 0.0005), 2), unit: 'Hz' },
    speed: { value: 0, unit: 'rpm' },
  };
}

function starting(ratedKw: number, etaN: number, u: number, rng: Rng): Metrics {
  const iN = (ratedKw * 1000) / (etaN * Math.sqrt(3) * u * 0.86);
  const i = 6 * iN;
  const pf = 0.3;
  const p1 = (Math.sqrt(3) * u * i * pf) / 1000;
  return {
    active_power: { value: r(noisy(rng, p1), 2), unit: 'kW' },
    reactive_power: { value: r(noisy(rng, p1 * Math.tan(Math.acos(pf))), 2), unit: 'kvar' },
    voltage: { value: r(noisy(rng, u * 0.9, 0.002), 1), unit: 'V' }, // the bus dips while the motor starts
    current: { value: r(noisy(rng, i), 1), unit: 'A' },
    power_factor: { value: pf, unit: '1' },
    frequency: { value: r(noisy(rng, 50, 0.0005), 2), unit: 'Hz' },
    speed: { value: r(Math.abs(noisy(rng, 700, 0.3)), 1), unit: 'rpm' },
  };
}
