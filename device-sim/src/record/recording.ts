import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

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

/** One line of a recording file: the header (line 1) or a message; throws naming the line. */
function parseLine(line: string, n: number, source: string, header: boolean): RecordingHeader | RecordedMessage {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch (e) {
    throw new Error(`${source}:${n}: not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (header) {
    if ((doc as RecordingHeader | null)?.recording !== 1)
      throw new Error(`${source}:${n}: not a recording (no header line)`);
    return doc as RecordingHeader;
  }
  const m = doc as RecordedMessage | null;
  if (typeof m?.t !== 'number' || typeof m.topic !== 'string') throw new Error(`${source}:${n}: needs "t" and "topic"`);
  return m;
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
    if (!header) header = parseLine(line, n, source, true) as RecordingHeader;
    else messages.push(parseLine(line, n, source, false) as RecordedMessage);
  }
  if (!header) throw new Error(`${source}: empty recording`);
  return { header, messages };
}

/** A recording read from a file line by line: memory holds one line, not the file. */
export interface RecordingStream {
  header: RecordingHeader;
  /** the messages, in file order; each iteration reads the file again from the start */
  messages: AsyncIterable<RecordedMessage>;
}

async function* fileLines(path: string): AsyncGenerator<[line: string, n: number]> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim()) yield [line, n];
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** Opens a recording file as a stream: the header is read and checked now, the messages as they are iterated. */
export async function openRecording(path: string, source = path): Promise<RecordingStream> {
  let header: RecordingHeader | undefined;
  for await (const [line, n] of fileLines(path)) {
    header = parseLine(line, n, source, true) as RecordingHeader;
    break;
  }
  if (!header) throw new Error(`${source}: empty recording`);
  const messages = async function* (): AsyncGenerator<RecordedMessage> {
    let first = true;
    for await (const [line, n] of fileLines(path)) {
      if (first) first = false;
      else yield parseLine(line, n, source, false) as RecordedMessage;
    }
  };
  return { header, messages: { [Symbol.asyncIterator]: messages } };
}

/** Reads a whole recording file into memory (small files, tests); replays stream with `openRecording`. */
export async function readRecording(path: string): Promise<{ header: RecordingHeader; messages: RecordedMessage[] }> {
  const { header, messages } = await openRecording(path);
  const all: RecordedMessage[] = [];
  for await (const m of messages) all.push(m);
  return { header, messages: all };
}
