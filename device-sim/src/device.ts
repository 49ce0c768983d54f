import { TELEMETRY_VERSION, type DevicePayloadV1, type DeviceSpec } from '#contracts';
import { MODELS } from './models/index.js';
import { deviceSeed, Rng } from './rng.js';
import { CLASS_SCHEDULE, SCHEDULES, scheduleLoad, type ScheduleSpec } from './schedule.js';
import {
  applySensorFaults,
  applyTransportFaults,
  healthAt,
  newSensorMemory,
  type ActiveFault,
  type Outgoing,
} from './faults/index.js';

/** Fleet files may name a schedule per device; the platform ignores the field. */
export type SimDeviceSpec = DeviceSpec & { schedule?: string; secret?: string };

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
  private readonly schedule: ScheduleSpec;
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
    schedules: Record<string, ScheduleSpec> = SCHEDULES,
  ) {
    this.seedValue = deviceSeed(seed, spec.id);
    this.rng = new Rng(this.seedValue);
    const name = spec.schedule ?? CLASS_SCHEDULE[spec.class];
    const s = schedules[name] ?? SCHEDULES[name];
    if (!s) throw new Error(`device ${spec.id}: unknown schedule ${name}`);
    this.schedule = s;
  }

  /** Efficiency multiplier at data time `ts`. */
  healthAt(ts: number): number {
    return this.health * healthAt(this.faults, ts);
  }

  /** The reading this device's meter reports at data time `ts`, or undefined when it drops out. */
  reading(ts: number): DevicePayloadV1 | undefined {
    const load = Math.min(1.1, Math.max(0.05, scheduleLoad(this.schedule, ts) * (1 + this.rng.normal(0, 0.03))));
    const health = this.healthAt(ts);
    const physical = MODELS[this.spec.class]({ device: this.spec, ts, load, health, rng: this.rng });
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
