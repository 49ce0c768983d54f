import type { FleetSpec } from '#contracts';
import { SimDevice, type SimDeviceSpec } from './device.js';
import { resolveFault, type ActiveFault, type FaultSpec } from './faults/index.js';
import type { Credentials } from './fleet/fleet-file.js';
import { DeviceSender, type SenderStats } from './mqtt/sender.js';
import type { RegimeLibrary } from './regime/regime.js';

export interface FleetRunOptions {
  brokerUrl: string;
  fleet: FleetSpec & RegimeLibrary;
  intervalMs: number;
  seed: number;
  runId: string;
  qos?: 0 | 1;
  /** credentials per device, overriding the fleet file's secrets */
  credentials?: (deviceId: string, plantId: string) => Credentials | undefined;
  /** faults from the start (offsets count from the moment the fleet starts) */
  faults?: FaultSpec[];
}

export interface RunningFleet {
  runId: string;
  devices: SimDevice[];
  stats: SenderStats;
  /** injects a fault now; `at`/`until` count from now */
  inject(spec: FaultSpec): ActiveFault;
  /** removes one fault by id, or every fault of a device, or all */
  clear(filter?: { id?: string; device?: string }): number;
  faults(): ActiveFault[];
  /** stops simulating one device and closes its connection (its credentials were changed or it was deleted) */
  retire(deviceId: string): Promise<boolean>;
  stop(): Promise<void>;
}

/** Runs every device of a fleet in real time (data time = wall time), one MQTT connection per device, QoS 1. */
export async function startFleet(opts: FleetRunOptions): Promise<RunningFleet> {
  const devices = opts.fleet.devices.map((d) => new SimDevice(d as SimDeviceSpec, opts.seed, opts.runId, opts.fleet));
  const byId = new Map(devices.map((d) => [d.spec.id, d]));
  const sender = new DeviceSender({
    brokerUrl: opts.brokerUrl,
    runId: opts.runId,
    qos: opts.qos,
    credentials: opts.credentials ? (d) => opts.credentials!(d.spec.id, d.spec.plantId) : undefined,
  });
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let faultSeq = 0;

  const inject = (spec: FaultSpec): ActiveFault => {
    const dev = byId.get(spec.device);
    if (!dev || (spec.plant && dev.spec.plantId !== spec.plant))
      throw new Error(`no device ${spec.device} in run ${opts.runId}`);
    const fault = resolveFault(spec, Date.now(), `${opts.runId}-f${++faultSeq}`);
    dev.faults.push(fault);
    return fault;
  };
  for (const f of opts.faults ?? []) inject(f);

  await Promise.all(devices.map((d) => sender.connect(d)));
  const tick = (dev: SimDevice) => {
    if (stopped || !byId.has(dev.spec.id)) return;
    for (const out of dev.emit(Date.now())) {
      const wait = out.dueTs - Date.now();
      if (wait <= 0) void sender.send(dev, out);
      else {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!stopped && byId.has(dev.spec.id)) void sender.send(dev, out);
        }, wait);
        timers.add(t);
      }
    }
  };
  devices.forEach((dev, i) => {
    // stagger devices across the interval so the broker sees a steady stream, not bursts
    const offset = Math.floor((opts.intervalMs * i) / Math.max(1, devices.length));
    const t = setTimeout(() => {
      tick(dev);
      timers.add(setInterval(() => tick(dev), opts.intervalMs));
    }, offset);
    timers.add(t);
  });

  return {
    runId: opts.runId,
    devices,
    stats: sender.stats,
    inject,
    clear(filter = {}) {
      let n = 0;
      for (const d of devices) {
        if (filter.device && d.spec.id !== filter.device) continue;
        const keep = d.faults.filter((f) => filter.id !== undefined && f.id !== filter.id);
        n += d.faults.length - keep.length;
        d.faults = keep;
      }
      return n;
    },
    faults: () => devices.flatMap((d) => d.faults),
    async retire(deviceId) {
      const dev = byId.get(deviceId);
      if (!dev) return false;
      byId.delete(deviceId);
      devices.splice(devices.indexOf(dev), 1);
      await sender.disconnect(dev);
      return true;
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await sender.close();
    },
  };
}
