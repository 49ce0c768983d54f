import { orAbort } from '../abort.js';
import { SimDevice } from '../device.js';
import { resolveFault, type ActiveFault, type FaultSpec, type Outgoing } from '../faults/index.js';
import type { Credentials, SimFleet } from '../fleet/fleet-file.js';
import { DeviceSender, type SenderStats } from '../mqtt/sender.js';
import type { Scenario } from './scenario-file.js';

export interface ScenarioRunOptions {
  brokerUrl: string;
  fleet: SimFleet;
  runId: string;
  /** wall-clock now, epoch ms: the last reading is stamped at or just before it */
  now: number;
  credentials?: (device: SimDevice) => Credentials | undefined;
  signal?: AbortSignal;
  onProgress?: (p: { step: number; steps: number; stats: SenderStats }) => void;
  /** receives a handle to inject faults while the run goes on (their `at` counts from the current data time) */
  onStart?: (h: ScenarioHandle) => void;
}

export interface ScenarioHandle {
  inject(spec: FaultSpec): void;
  faults(): ActiveFault[];
}

export interface ScenarioRunResult {
  runId: string;
  /** data time of the first and last reading */
  from: number;
  to: number;
  devices: string[];
  faults: ActiveFault[];
  stats: SenderStats;
  aborted: boolean;
}

/** steps whose messages may await acknowledgement at once */
const PIPELINE = 16;

/** The devices a scenario drives: its `plant` and `devices` filters applied to the fleet. */
export function scenarioDevices(s: Scenario, fleet: SimFleet): SimFleet['devices'] {
  const picked = fleet.devices.filter(
    (d) => (!s.plant || d.plantId === s.plant) && (!s.devices || s.devices.includes(d.id)),
  );
  const missing = (s.devices ?? []).filter((id) => !picked.some((d) => d.id === id));
  if (missing.length) throw new Error(`scenario "${s.name}": devices not in the fleet: ${missing.join(', ')}`);
  if (!picked.length) throw new Error(`scenario "${s.name}": no devices selected`);
  return picked;
}

/** The data time a scenario covers when run at `now`: `duration` ending at the last whole step. */
export function scenarioWindow(s: Scenario, now: number): { from: number; to: number } {
  const to = Math.floor(now / s.step) * s.step;
  return { from: to - Math.floor(s.duration / s.step) * s.step, to };
}

/**
 * Runs a scenario in compressed time: `duration` of data time ending now, one reading per device per `step`,
 * published as fast as the broker acknowledges (a window of steps in flight, each device's messages in order),
 * so a day of data takes seconds. Late messages are held back until data time has passed their due time.
 */
export async function runScenario(s: Scenario, o: ScenarioRunOptions): Promise<ScenarioRunResult> {
  const specs = scenarioDevices(s, o.fleet);
  const { from, to } = scenarioWindow(s, o.now);
  const devices = specs.map(
    (d) =>
      new SimDevice({ ...d, regime: s.deviceRegimes?.[d.id] ?? s.regime ?? d.regime }, s.seed, o.runId, {
        schedules: { ...o.fleet.schedules, ...s.schedules },
        regimes: { ...o.fleet.regimes, ...s.regimes },
      }),
  );
  const byId = new Map(devices.map((d) => [d.spec.id, d]));
  const faults = s.faults.map((spec, i) => {
    const dev = byId.get(spec.device);
    if (!dev) throw new Error(`scenario "${s.name}": faults[${i}] names device ${spec.device}, not in the run`);
    const f = resolveFault(spec, from, `${o.runId}-f${i + 1}`);
    dev.faults.push(f);
    return f;
  });
  const sender = new DeviceSender({
    brokerUrl: o.brokerUrl,
    runId: o.runId,
    credentials: o.credentials,
    reconnectPeriod: 0,
  });
  const held: Array<{ dev: SimDevice; out: Outgoing }> = [];
  const steps = Math.round((to - from) / s.step) + 1;
  const inFlight: Array<Promise<void>> = [];
  let aborted: boolean;
  const inbox: FaultSpec[] = [];
  o.onStart?.({
    inject: (spec) => {
      if (!byId.has(spec.device)) throw new Error(`no device ${spec.device} in run ${o.runId}`);
      inbox.push(spec);
    },
    faults: () => [...faults],
  });
  try {
    await orAbort(Promise.all(devices.map((d) => sender.connect(d))), o.signal);
    for (let i = 0; i < steps; i++) {
      if (o.signal?.aborted) break;
      const ts = from + i * s.step;
      for (const spec of inbox.splice(0)) {
        const f = resolveFault(spec, ts, `${o.runId}-f${faults.length + 1}`);
        byId.get(spec.device)!.faults.push(f);
        faults.push(f);
      }
      for (const dev of devices) for (const out of dev.emit(ts)) held.push({ dev, out });
      const last = i === steps - 1;
      const due = held.filter((h) => last || h.out.dueTs <= ts);
      for (const h of due) held.splice(held.indexOf(h), 1);
      // each device has its own connection, which keeps its messages in order; up to PIPELINE steps are in flight
      inFlight.push(Promise.all(due.map((h) => sender.send(h.dev, h.out))).then(() => undefined));
      if (inFlight.length > PIPELINE) await orAbort(inFlight.shift()!, o.signal);
      o.onProgress?.({ step: i + 1, steps, stats: sender.stats });
    }
    await orAbort(Promise.all(inFlight), o.signal);
  } finally {
    aborted = !!o.signal?.aborted;
    await sender.close();
  }
  return {
    runId: o.runId,
    from,
    to,
    devices: specs.map((d) => `${d.plantId}/${d.id}`),
    faults,
    stats: sender.stats,
    aborted,
  };
}
