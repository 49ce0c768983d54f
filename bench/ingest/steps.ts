import { DEFAULT_TIMESTAMP_POLICY, decodeTelemetry, parseTelemetryTopic, topics, type DeviceSpec } from '#contracts';
import { encodeBlock } from '../../apps/server/src/spool/spool-block.js';
import { linesBody, pointLine } from '../../apps/server/src/store/shared/line-protocol.js';
import { devicePayload } from '../lib/load.js';

/** One step of the ingest path, measured in this process on the payloads the bench's gateways send. */
export interface StepFigure {
  step: string;
  /** CPU µs per reading: the median of the repetitions, with the lowest and highest */
  usPerReading: { median: number; min: number; max: number };
}

const PLANT = 'bench';

/** A gateway message exactly as the load generator builds it (bench/lib/load-worker.ts). */
export function gatewayPayload(devices: readonly string[], tsBase: number, seq: number): Buffer {
  const parts = devices.map((d) => `{"device":"${d}",${devicePayload(tsBase, seq).slice(7)}`);
  return Buffer.from(`{"v":1,"readings":[${parts.join(',')}]}`);
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Runs `fn` over `rounds` messages, `repeat` times; µs per reading from the CPU time of this thread. */
function time(step: string, readingsPerRound: number, rounds: number, repeat: number, fn: (i: number) => void) {
  for (let i = 0; i < Math.min(rounds, 200); i++) fn(i); // warm up the JIT
  const runs: number[] = [];
  for (let k = 0; k < repeat; k++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < rounds; i++) fn(i);
    const d = process.cpuUsage(t0);
    runs.push((d.user + d.system) / (rounds * readingsPerRound));
  }
  return { step, usPerReading: { median: median(runs), min: Math.min(...runs), max: Math.max(...runs) } };
}

/**
 * The steps a gateway message goes through in the server, each on its own: decode and validate against the fleet,
 * build the spool block's header and checksum (the payloads are written as received), serialise the store's line
 * protocol, and the live console's JSON. JSON.parse of the same message is the reference every step is compared
 * with in the same run (the machine's speed divides out).
 */
export function measureSteps(batch: number, rounds: number, repeat: number): StepFigure[] {
  const devices = Array.from({ length: batch }, (_, i) => `g0-${i}`);
  const fleet = new Map<string, DeviceSpec>(
    devices.map((id) => [
      id,
      { id, plantId: PLANT, class: 'motor', name: id, nameplate: { ratedKw: 55 }, gatewayId: 'g0' },
    ]),
  );
  const topicText = topics.gatewayTelemetry(PLANT, 'g0');
  const topic = parseTelemetryTopic(topicText)!;
  const tsBase = Date.now();
  const payloads = Array.from({ length: 64 }, (_, i) => gatewayPayload(devices, tsBase, i));
  const decode = (p: Buffer) =>
    decodeTelemetry(p, {
      topic,
      now: tsBase,
      policy: DEFAULT_TIMESTAMP_POLICY,
      lookupDevice: (_p, d) => fleet.get(d),
    });
  const decoded = payloads.map((p) => decode(p).readings);
  if (decoded[0].length !== batch) throw new Error(`the step payload decoded to ${decoded[0].length} readings`);
  const perCommit = 20; // messages per group commit, as under load
  return [
    time('reference: JSON.parse of the message', batch, rounds, repeat, (i) => JSON.parse(payloads[i & 63].toString())),
    time('decode + validate (decodeTelemetry)', batch, rounds, repeat, (i) => decode(payloads[i & 63])),
    time(
      'spool block (encodeBlock: header, checksum and the joined block, 20 messages a commit)',
      batch * perCommit,
      rounds / perCommit,
      repeat,
      (i) =>
        encodeBlock(
          Array.from({ length: perCommit }, (_, k) => ({
            topic: topicText,
            receivedAt: tsBase,
            payload: payloads[(i + k) & 63],
            readings: batch,
          })),
        ),
    ),
    time('store line protocol (pointLine + linesBody)', batch, rounds, repeat, (i) =>
      linesBody(decoded[i & 63].map((r) => pointLine('telemetry', r, r))),
    ),
    time('live console JSON (socket.io frame)', batch, rounds, repeat, (i) => JSON.stringify(decoded[i & 63])),
  ];
}
