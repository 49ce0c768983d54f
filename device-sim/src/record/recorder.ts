import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { connectMqtt } from '../mqtt/connect.js';
import type { Credentials } from '../fleet/fleet-file.js';
import { encodeMessage, type RecordingHeader } from './recording.js';

export interface RecorderOptions {
  brokerUrl: string;
  file: string;
  filter?: string;
  credentials?: Credentials;
  clientId?: string;
  /** wall clock, for tests */
  now?: () => number;
}

export interface Recorder {
  /** messages written so far */
  count(): number;
  stop(): Promise<number>;
}

/** Subscribes to live MQTT traffic (default `plants/#`) and writes every message with its timing. */
export async function startRecorder(o: RecorderOptions): Promise<Recorder> {
  const now = o.now ?? Date.now;
  const out = createWriteStream(o.file, { flags: 'w' });
  const filter = o.filter ?? 'plants/#';
  const client = await connectMqtt(o.brokerUrl, {
    clientId: o.clientId ?? `sim-recorder-${process.pid}-${now()}`,
    credentials: o.credentials,
  });
  const startedAt = now();
  const header: RecordingHeader = { recording: 1, startedAt, source: o.brokerUrl, filter };
  out.write(JSON.stringify(header) + '\n');
  let n = 0;
  client.on('message', (topic, payload, packet) => {
    n++;
    out.write(encodeMessage(now() - startedAt, topic, packet.qos, payload) + '\n');
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return {
    count: () => n,
    async stop() {
      await client.endAsync();
      out.end();
      await once(out, 'finish');
      return n;
    },
  };
}
