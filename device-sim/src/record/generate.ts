import { topics } from '#contracts';
import { SimDevice } from '../device.js';
import { resolveFault, type FaultSpec } from '../faults/index.js';
import type { SimFleet } from '../fleet/fleet-file.js';
import type { RecordedMessage, RecordingHeader } from './recording.js';

export interface GenerateRecordingOptions {
  fleet: SimFleet;
  seed: number;
  runId: string;
  from: number;
  to: number;
  stepMs: number;
  faults?: FaultSpec[];
}

/**
 * Simulates a fleet offline over a data-time range and returns it as a recording (device topics, one message per
 * reading, timing = data time). No broker, no clock: the same options give the same bytes.
 */
export function generateRecording(o: GenerateRecordingOptions): {
  header: RecordingHeader;
  messages: RecordedMessage[];
} {
  const devices = o.fleet.devices.map((d) => new SimDevice(d, o.seed, o.runId, o.fleet));
  const byId = new Map(devices.map((d) => [d.spec.id, d]));
  (o.faults ?? []).forEach((spec, i) => {
    const dev = byId.get(spec.device);
    if (!dev) throw new Error(`faults[${i}]: no device ${spec.device}`);
    dev.faults.push(resolveFault(spec, o.from, `${o.runId}-f${i + 1}`));
  });
  const messages: RecordedMessage[] = [];
  for (let ts = o.from; ts <= o.to; ts += o.stepMs)
    for (const dev of devices)
      for (const out of dev.emit(ts))
        messages.push({
          t: out.dueTs - o.from,
          topic: topics.deviceTelemetry(dev.spec.plantId, dev.spec.id),
          qos: 1,
          payload: typeof out.body === 'string' ? out.body : JSON.stringify(out.body),
        });
  messages.sort((a, b) => a.t - b.t); // late messages move to their delivery time; sort is stable
  return { header: { recording: 1, startedAt: o.from, source: `generated run ${o.runId} seed ${o.seed}` }, messages };
}

/** A recording as the bytes of its file. */
export function recordingText(r: { header: RecordingHeader; messages: RecordedMessage[] }): string {
  return [JSON.stringify(r.header), ...r.messages.map((m) => JSON.stringify(m))].join('\n') + '\n';
}
