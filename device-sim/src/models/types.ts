import type { DeviceSpec, MetricValue } from '#contracts';
import type { Rng } from '../rng.js';
import type { OperatingPoint } from '../regime/regime.js';

/** What a model sees at each step: the device, data time, its load factor and how healthy it is. */
export interface ModelInput {
  device: DeviceSpec;
  ts: number;
  /** load factor β in (0, 1.2] */
  load: number;
  /** multiplier on efficiency: 1 = as new, 0.95 = a 5 % drop */
  health: number;
  rng: Rng;
  /** the regime at this time: running or stopped, since when, ambient, control mode (absent: steady, running) */
  op?: OperatingPoint;
}

export type Metrics = Record<string, MetricValue>;
export type Model = (input: ModelInput) => Metrics;

/** Rounds to a meter's resolution so payloads look like a real meter's. */
export const r = (v: number, digits = 3): number => Number(v.toFixed(digits));
/** Relative Gaussian measurement noise. */
export const noisy = (rng: Rng, v: number, rel = 0.005): number => v * (1 + rng.normal(0, rel));
