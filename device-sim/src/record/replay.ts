import { setTimeout as sleep } from 'node:timers/promises';
import type { MqttClient } from 'mqtt';
import { parseTelemetryTopic } from '#contracts';
import { orAbort } from '../abort.js';
import { ConnectRefusedError, connectMqtt, publishTimed } from '../mqtt/connect.js';
import type { Credentials } from '../fleet/fleet-file.js';
import { messageBytes, type RecordedMessage, type RecordingHeader } from './recording.js';
import { remapMessage, type Remap } from './remap.js';

export interface ReplayOptions {
  brokerUrl: string;
  header: RecordingHeader;
  /** an array, or a stream (`openRecording`) so a large recording is never held in memory */
  messages: Iterable<RecordedMessage> | AsyncIterable<RecordedMessage>;
  /** ×1 to ×10,000 of recorded time, or 'max': as fast as acknowledgements allow */
  speed: number | 'max';
  remap?: Remap;
  /** shift payload timestamps so the first message is stamped as if recorded now */
  retime?: boolean;
  qos?: 0 | 1;
  /** messages awaiting acknowledgement at once (default 64 at 'max', 10,000 when timed) */
  window?: number;
  /** per-identity credentials (plant, device or gateway id); without it one shared connection is used */
  credentials?: (plantId: string, id: string) => Credentials | undefined;
  runId?: string;
  signal?: AbortSignal;
  now?: () => number;
}

export interface ReplayResult {
  sent: number;
  acked: number;
  errors: number;
  wallMs: number;
  aborted: boolean;
}

/**
 * Publishes a recording again, with its timing scaled by `speed`, ids remapped. An abort stops it at once, even
 * while it waits for a message due hours from now or for acknowledgements that do not come.
 */
export async function replay(o: ReplayOptions): Promise<ReplayResult> {
  if (o.speed !== 'max' && !(o.speed >= 1 && o.speed <= 10_000)) throw new Error('speed: 1 to 10000, or max');
  const now = o.now ?? Date.now;
  const runId = o.runId ?? `replay-${now()}`;
  const clients = new Map<string, Promise<MqttClient>>();
  const clientFor = (topic: string): Promise<MqttClient> => {
    const t = parseTelemetryTopic(topic);
    const identity = t ? `${t.plantId}/${t.kind === 'device' ? t.deviceId : t.gatewayId}` : topic;
    const key = o.credentials && t ? identity : '*';
    let c = clients.get(key);
    if (!c) {
      const credentials = key === '*' ? undefined : o.credentials!(t!.plantId, identity.slice(t!.plantId.length + 1));
      c = connectMqtt(o.brokerUrl, { clientId: `sim-${runId}-${key}`.replace(/[/*]/g, '_'), credentials }).catch(
        (e: Error) => {
          throw new ConnectRefusedError(identity, credentials?.username, e);
        },
      );
      // a refused identity fails the replay through the `await` below; this only keeps the rejection handled
      c.catch(() => undefined);
      clients.set(key, c);
    }
    return c;
  };
  const remap: Remap = { ...o.remap, shiftMs: (o.remap?.shiftMs ?? 0) + (o.retime ? now() - o.header.startedAt : 0) };
  const window = o.window ?? (o.speed === 'max' ? 64 : 10_000);
  const result: ReplayResult = { sent: 0, acked: 0, errors: 0, wallMs: 0, aborted: false };
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  const signal = o.signal;
  try {
    for await (const m of o.messages) {
      if (signal?.aborted) break;
      if (o.speed !== 'max') {
        const wait = start + m.t / o.speed - performance.now();
        if (wait > 1) await sleep(wait, undefined, { signal }).catch(() => undefined);
        if (signal?.aborted) break;
      }
      while (pending.size >= window && !signal?.aborted) await orAbort(Promise.race(pending), signal);
      if (signal?.aborted) break;
      const { topic, payload } = remapMessage(m.topic, messageBytes(m), remap);
      const client = await orAbort(clientFor(topic), signal);
      if (!client) break;
      result.sent++;
      const p = publishTimed(client, topic, payload, o.qos ?? (m.qos ? 1 : 0)).then(
        () => void result.acked++,
        () => void result.errors++,
      );
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await orAbort(Promise.all(pending), signal);
  } finally {
    result.aborted = !!signal?.aborted;
    result.wallMs = performance.now() - start;
    const all = await Promise.all([...clients.values()].map((c) => c.catch(() => undefined)));
    // once aborted, in-flight publishes are abandoned rather than awaited
    await Promise.all(all.map((c) => c?.endAsync(result.aborted).catch(() => undefined)));
  }
  return result;
}
