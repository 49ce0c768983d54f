import { TELEMETRY_VERSION, type DevicePayloadV1, type DeviceSpec, type RegimeSpec } from '#contracts';
import { MODELS } from './models/index.js';
import { Regime, type OperatingPoint, type RegimeLibrary } from './regime/regime.js';
import { deviceSeed, Rng } from './rng.js';
import {
  applySensorFaults,
  applyTransportFaults,
  healthAt,
  newSensorMemory,
  type ActiveFault,
  type Outgoing,
} from './faults/index.js';

/**
 * Fleet files may give a device an operating `regime` (a name or an object, see docs/device-sim.md) or, the older
 * way, a load `schedule` (which means the steady regime); the platform ignores both fields.
 */
export type SimDeviceSpec = DeviceSpec & { schedule?: string; regime?: string | RegimeSpec; secret?: string };

/** Which metric an energy register integrates, per class (input power at the meter). */
const ENERGY_FROM: Partial<Record<DeviceSpec['class'], string>> = {
  motor: 'active_power',
  transformer: 'hv_power',
  kiln: 'active_power',
  compressor: 'active_power',
  pump: 'active_power',
  fan: 'active_power',
};

/**
 * One simulated device: deterministic for a given seed, device id and sequence of timestamps. Faults are
 * applied in three layers: efficiency (the physics), sensor (what the meter reports), transport (delivery).
 */
export class SimDevice {
  private readonly rng: Rng;
  private readonly seedValue: number;
  readonly regime: Regime;
  private readonly sensorMemory = newSensorMemory();
  private seq = 0;
  private energy?: number;
  private lastTs?: number;
  faults: ActiveFault[] = [];
  /** extra efficiency multiplier on top of the faults (1 = as new) */
  health = 1;

  constructor(
    readonly spec: SimDeviceSpec,
    seed: number,
    readonly runId: string,
    lib: RegimeLibrary = {},
  ) {
    this.seedValue = deviceSeed(seed, spec.id);
    this.rng = new Rng(this.seedValue);
    this.regime = new Regime(spec, seed, lib);
  }

  /** The regime's operating point at data time `ts` (pure in ts): running or not, demand, ambient. */
  operating(ts: number): OperatingPoint {
    return this.regime.at(ts);
  }

  /** Efficiency multiplier at data time `ts`. */
  healthAt(ts: number): number {
    return this.health * healthAt(this.faults, ts);
  }

  /** The reading this device's meter reports at data time `ts`, or undefined when it drops out. */
  reading(ts: number): DevicePayloadV1 | undefined {
    const op = this.regime.at(ts);
    // the demand wanders around the plan (±3 %); a stopped unit draws no random number
    const load = op.on ? Math.min(1.1, Math.max(0.05, op.load * (1 + this.rng.normal(0, 0.03)))) : 0;
    const health = this.healthAt(ts);
    const physical = MODELS[this.spec.class]({ device: this.spec, ts, load, health, rng: this.rng, op });
    this.regime.meters?.apply(physical, ts);
    this.integrateEnergy(ts, physical);
    const seq = this.seq++;
    const metrics = applySensorFaults(this.faults, ts, physical, this.sensorMemory);
    if (!metrics) return undefined;
    return { v: TELEMETRY_VERSION, ts, seq, sim: this.runId, metrics };
  }

  /** The messages to send for data time `ts`, after transport faults (none when the reading dropped out). */
  emit(ts: number): Outgoing[] {
    const p = this.reading(ts);
    return p ? applyTransportFaults(this.faults, p) : [];
  }

  private integrateEnergy(ts: number, metrics: Record<string, { value: number; unit: string }>): void {
    const src = ENERGY_FROM[this.spec.class];
    const p = src ? metrics[src]?.value : undefined;
    if (p === undefined) return;
    // the register's starting reading comes from the device seed, not the random stream, so adding it moved no reading
    if (this.energy === undefined) this.energy = this.seedValue % 1_000_000;
    else if (this.lastTs !== undefined && ts > this.lastTs) this.energy += (p * (ts - this.lastTs)) / 3_600_000;
    this.lastTs = ts;
    metrics.energy = { value: Number(this.energy.toFixed(3)), unit: 'kWh' };
  }
}
