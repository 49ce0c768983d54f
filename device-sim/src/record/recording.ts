import { readFile } from 'node:fs/promises';

/**
 * Recording file: JSON lines. The first line is a header; every other line is one MQTT message with the time
 * it was received, in ms since the recording started. A payload that is not valid UTF-8 is kept as base64.
 *   {"recording":1,"startedAt":1763884800000,"source":"mqtt://127.0.0.1:1883","filter":"plants/#"}
 *   {"t":0,"topic":"plants/p1/devices/m1/telemetry","qos":1,"payload":"{\"v\":1,…}"}
 */
export interface RecordingHeader {
  recording: 1;
  startedAt: number;
  source?: string;
  filter?: string;
  note?: string;
}
export interface RecordedMessage {
  t: number;
  topic: string;
  qos: 0 | 1 | 2;
  payload?: string;
  payload64?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function encodeMessage(t: number, topic: string, qos: 0 | 1 | 2, payload: Uint8Array): string {
  try {
    return JSON.stringify({ t, topic, qos, payload: utf8.decode(payload) });
  } catch {
    return JSON.stringify({ t, topic, qos, payload64: Buffer.from(payload).toString('base64') });
  }
}

export function messageBytes(m: RecordedMessage): Buffer {
  return m.payload64 !== undefined ? Buffer.from(m.payload64, 'base64') : Buffer.from(m.payload ?? '', 'utf8');
}

/** Parses a recording from its text: its header and its messages, in file order. */
export function parseRecording(
  text: string,
  source = 'recording',
): { header: RecordingHeader; messages: RecordedMessage[] } {
  let header: RecordingHeader | undefined;
  const messages: RecordedMessage[] = [];
  const lines = text.split('\n');
  for (let n = 1; n <= lines.length; n++) {
    const line = lines[n - 1];
    if (!line.trim()) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch (e) {
      throw new Error(`${source}:${n}: not JSON: ${(e as Error).message}`, { cause: e });
    }
    if (!header) {
      if ((doc as RecordingHeader).recording !== 1) throw new Error(`${source}:${n}: not a recording (no header line)`);
      header = doc as RecordingHeader;
      continue;
    }
    const m = doc as RecordedMessage;
    if (typeof m.t !== 'number' || typeof m.topic !== 'string')
      throw new Error(`${source}:${n}: needs "t" and "topic"`);
    messages.push(m);
  }
  if (!header) throw new Error(`${source}: empty recording`);
  return { header, messages };
}

/** Reads a recording file. */
export async function readRecording(path: string): Promise<{ header: RecordingHeader; messages: RecordedMessage[] }> {
  return parseRecording(await readFile(path, 'utf8'), path);
}
