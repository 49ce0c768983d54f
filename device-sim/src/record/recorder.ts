import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ConnectRefusedError, connectMqtt } from '../mqtt/connect.js';
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

/** how a refused recorder connection names itself */
export const RECORDER = 'the recorder';

/** Subscribes to live MQTT traffic (default `plants/#`) and writes every message with its timing. */
export async function startRecorder(o: RecorderOptions): Promise<Recorder> {
  const now = o.now ?? Date.now;
  const out = createWriteStream(o.file, { flags: 'w' });
  const filter = o.filter ?? 'plants/#';
  const client = await connectMqtt(o.brokerUrl, {
    clientId: o.clientId ?? `sim-recorder-${process.pid}-${now()}`,
    credentials: o.credentials,
    reconnectPeriod: 0,
  }).catch((e: Error) => {
    out.destroy();
    throw new ConnectRefusedError(RECORDER, o.credentials?.username, e);
  });
  const startedAt = now();
  const header: RecordingHeader = { recording: 1, startedAt, source: o.brokerUrl, filter };
  out.write(JSON.stringify(header) + '\n');
  let n = 0;
  client.on('message', (topic, payload, packet) => {
    n++;
    out.write(encodeMessage(now() - startedAt, topic, packet.qos, payload) + '\n');
  });
  const granted = await client.subscribeAsync(filter, { qos: 1 }).catch((e: Error) => e);
  // MQTT 3.1.1 §3.9.3: return code 0x80 is a refused subscription
  if (granted instanceof Error || granted.some((g) => g.qos === 0x80)) {
    await client.endAsync(true);
    out.destroy();
    throw new Error(
      `the broker refused the subscription to ${filter} for ${o.credentials ? `user ${o.credentials.username}` : 'a client without credentials'}: ` +
        'only a reader identity (a fleet file\'s "readers") may read plant topics',
    );
  }
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
