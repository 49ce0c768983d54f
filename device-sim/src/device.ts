import { TELEMETRY_VERSION, type DevicePayloadV1, type DeviceSpec } from '#contracts';
import { MODELS } from './models/index.js';
import { deviceSeed, Rng } from './rng.js';
import { shiftLoad } from './schedule.js';

/** One simulated device: deterministic for a given seed, device id and sequence of timestamps. */
export class SimDevice {
  private readonly rng: Rng;
  private seq = 0;
  /** efficiency multiplier; faults change it */
  health = 1;

  constructor(
    readonly spec: DeviceSpec,
    seed: number,
    private readonly runId: string,
  ) {
    this.rng = new Rng(deviceSeed(seed, spec.id));
  }

  /** The reading this device would send at data time `ts`. */
  reading(ts: number): DevicePayloadV1 {
    const load = Math.min(1.1, Math.max(0.05, shiftLoad(ts) * (1 + this.rng.normal(0, 0.03))));
    const metrics = MODELS[this.spec.class]({ device: this.spec, ts, load, health: this.health, rng: this.rng });
    return { v: TELEMETRY_VERSION, ts, seq: this.seq++, sim: this.runId, metrics };
  }
}
