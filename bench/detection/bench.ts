import { readFileSync } from 'node:fs';
import {
  decodeTelemetry,
  DEFAULT_TIMESTAMP_POLICY,
  METRICS,
  type FleetSpec,
  type MetricName,
  type Reading,
} from '#contracts';
import { createContext, initialState, step, paramsWith, type DeviceState } from '#detection';
import { readings } from './scenarios.js';
import { cli } from '../lib/cli.js';

cli(
  process.argv.slice(2),
  'npm run bench:detection',
  'Readings per second through the detection core on one core, with decoding the same readings as the same-run\nreference. No options.',
  {},
  () => undefined,
);

/**
 * `npm run bench:detection`: readings per second through the detection core on one core (target ≥ 200,000/s),
 * with decoding the same readings' JSON (the ingest path's own cost) as the same-run reference.
 */
const fleet = JSON.parse(
  readFileSync(new URL('../../../device-sim/fleets/demo.json', import.meta.url), 'utf8'),
) as FleetSpec;
const HOUR = 3_600_000;
const intervalMs = 1000;
const params = paramsWith(2 * HOUR, 2 * HOUR);
const hours = 6;

// pre-generate: every demo device, 6 h of data at 1 s (the drift model is learned in the first 4 h)
const perDevice = fleet.devices.map((device) => ({
  ctx: createContext(device, params),
  rs: [
    ...readings({
      device,
      fault: { type: 'step', drop: 0.05 },
      start: Date.UTC(2026, 0, 5),
      learnMs: 0,
      testMs: hours * HOUR,
      onsetMs: 5 * HOUR,
      intervalMs,
      seed: 7,
    }),
  ],
}));
// interleave devices in time order, as a plant's stream arrives
const stream: Array<{ d: number; r: Reading }> = [];
for (let i = 0; i < perDevice[0].rs.length; i++) perDevice.forEach((p, d) => stream.push({ d, r: p.rs[i] }));
const payloads = stream.map(({ r }) =>
  JSON.stringify({
    v: 1,
    ts: r.ts,
    metrics: Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, { value: v, unit: unitOf(k) }])),
  }),
);

function unitOf(k: string): string {
  return METRICS[k as MetricName].canonical;
}

function runDetection(): number {
  const states: DeviceState[] = perDevice.map((p) => initialState(p.ctx));
  let events = 0;
  const t = performance.now();
  for (const { d, r } of stream) {
    const res = step(perDevice[d].ctx, r, states[d]);
    events += res.events.length;
  }
  const s = (performance.now() - t) / 1000;
  if (events === 0) throw new Error('no events: the benchmark did not exercise the detector');
  return stream.length / s;
}

async function main(): Promise<void> {
  const { METRICS } = await import('#contracts');
  (globalThis as unknown as { __units: Record<string, string> }).__units = Object.fromEntries(
    Object.entries(METRICS).map(([k, v]) => [k, v.canonical]),
  );
  const devices = new Map(fleet.devices.map((d) => [d.id, d]));
  const decode = () => {
    const t = performance.now();
    let ok = 0;
    for (let i = 0; i < stream.length; i++) {
      const r = stream[i].r;
      ok += decodeTelemetry(payloads[i], {
        topic: { kind: 'device', plantId: r.plantId, deviceId: r.deviceId },
        now: r.ts,
        policy: DEFAULT_TIMESTAMP_POLICY,
        lookupDevice: (_p, id) => devices.get(id),
      }).readings.length;
    }
    if (ok !== stream.length) throw new Error(`decode rejected ${stream.length - ok} readings`);
    return stream.length / ((performance.now() - t) / 1000);
  };
  runDetection(); // warm-up
  decode();
  const det: number[] = [];
  const dec: number[] = [];
  for (let i = 0; i < 3; i++) {
    det.push(runDetection());
    dec.push(decode());
  }
  const best = (a: number[]) => Math.max(...a);
  const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
  console.log(
    `detection core: ${fmt(best(det))} readings/s on one core (${stream.length.toLocaleString('en-US')} readings, ${fleet.devices.length} devices of 7 classes, best of 3); target ≥ 200,000/s: ${best(det) >= 200_000 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `reference, same run: decoding the same readings' JSON: ${fmt(best(dec))} readings/s; detection / decode = ${(best(det) / best(dec)).toFixed(2)}`,
  );
}

void main();
