import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DeadLetter, DeadLetterPage, DeadLetterQuery } from '#contracts';
import { GroupCommit } from '../durable/group-commit.js';
import { Metrics } from '../metrics/metrics.js';
import { CONFIG } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Stoppable } from '../lifecycle/shutdown.js';

/** Payload bytes kept per dead letter; a telemetry message is far smaller, an OVERSIZE one is cut here. */
export const DEAD_LETTER_PAYLOAD_BYTES = 16 * 1024;

/**
 * Characters kept of each text field of a dead letter (client id, user name, topic, detail): an MQTT client id or
 * user name may be 65,535 bytes (MQTT-1.5.3), and 1,500 refused CONNECTs with 60 kB ids once took 172 MB of dead
 * letters and 490 MB of memory. Ids in the fleet are at most 64 characters, so nothing a person needs is cut.
 */
export const DEAD_LETTER_TEXT_CHARS = 256;

/** `s` cut to `max` characters, saying how long it was. */
export function clip(s: string, max: number): string;
export function clip(s: string | undefined, max: number): string | undefined;
export function clip(s: string | undefined, max: number): string | undefined {
  return s === undefined || s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}

export type DeadLetterInput = Omit<DeadLetter, 'id' | 'payload' | 'size' | 'truncated'> & { raw: Buffer };

/**
 * Rejected messages with their raw bytes, newest last, bounded by `deadLetterMax` (the oldest are dropped and
 * counted). Appended as JSON lines with group commit, so a rejected message is durable before its PUBACK just like
 * an accepted one; the file is compacted when it holds twice the cap.
 */
@Injectable()
export class DeadLetterStore implements OnModuleInit, Stoppable {
  private items: DeadLetter[] = [];
  private nextId = 1;
  private dropped = 0;
  private linesInFile = 0;
  private file?: FileHandle;
  private readonly path: string;
  private readonly cap: number;
  private readonly commits = new GroupCommit<string>((lines) => this.commit(lines));

  constructor(
    @Inject(CONFIG) config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.path = join(config.dataDir, 'dead-letters.jsonl');
    this.cap = config.deadLetterMax;
    metrics.sample(metrics.deadLetters, () => this.items.length);
    metrics.sample(metrics.deadLettersDropped, () => this.dropped);
  }

  async onModuleInit(): Promise<void> {
    mkdirSync(join(this.path, '..'), { recursive: true });
    if (existsSync(this.path)) {
      // read as a stream: the file's size has no bearing on whether the next start works
      const lines = createInterface({ input: createReadStream(this.path, { encoding: 'utf8' }), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line) continue;
        let rec: DeadLetter | { meta: { dropped: number; nextId: number } };
        try {
          rec = JSON.parse(line) as typeof rec;
        } catch {
          continue; // a torn last line: its message was never acknowledged
        }
        this.linesInFile++;
        if ('meta' in rec) {
          this.dropped = rec.meta.dropped;
          this.nextId = Math.max(this.nextId, rec.meta.nextId);
        } else {
          this.items.push(rec);
          this.nextId = Math.max(this.nextId, rec.id + 1);
        }
      }
      this.trim();
    }
    this.file = await open(this.path, 'a');
  }

  private trim(): void {
    const over = this.items.length - this.cap;
    if (over > 0) {
      this.items.splice(0, over);
      this.dropped += over;
    }
  }

  /** Keeps a rejected message; resolves once it is on disk. */
  record(input: DeadLetterInput): Promise<void> {
    const { raw, ...rest } = input;
    const kept = raw.length > DEAD_LETTER_PAYLOAD_BYTES ? raw.subarray(0, DEAD_LETTER_PAYLOAD_BYTES) : raw;
    const letter: DeadLetter = { id: this.nextId++, ...rest, payload: kept.toString('base64'), size: raw.length };
    const n = DEAD_LETTER_TEXT_CHARS;
    letter.clientId = clip(letter.clientId, n);
    letter.topic = clip(letter.topic, n);
    letter.detail = clip(letter.detail, n);
    if (letter.username !== undefined) letter.username = clip(letter.username, n);
    if (letter.plantId !== undefined) letter.plantId = clip(letter.plantId, n);
    if (letter.deviceId !== undefined) letter.deviceId = clip(letter.deviceId, n);
    if (kept.length < raw.length) letter.truncated = true;
    this.items.push(letter);
    this.trim();
    return this.commits.append(JSON.stringify(letter) + '\n');
  }

  private async commit(lines: string[]): Promise<void> {
    if (!this.file) throw new Error('dead-letter store not open');
    this.linesInFile += lines.length;
    if (this.linesInFile > 2 * this.cap) {
      await this.compact();
      return;
    }
    await this.file.write(lines.join(''));
    await this.file.datasync();
  }

  /** Rewrites the file with what is kept: write a new file, fsync, rename over the old one. */
  private async compact(): Promise<void> {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify({ meta: { dropped: this.dropped, nextId: this.nextId } }) + '\n');
      for (let i = 0; i < this.items.length; i += 1000)
        writeSync(
          fd,
          this.items
            .slice(i, i + 1000)
            .map((l) => JSON.stringify(l) + '\n')
            .join(''),
        );
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await this.file?.close();
    renameSync(tmp, this.path);
    this.file = await open(this.path, 'a');
    this.linesInFile = this.items.length + 1;
  }

  /** Newest first; `nextCursor` continues with older letters. */
  query(q: DeadLetterQuery): DeadLetterPage {
    const limit = Math.max(1, Math.min(1000, q.limit ?? 100));
    const items: DeadLetter[] = [];
    let i = this.items.length - 1;
    for (; i >= 0 && items.length < limit; i--) {
      const l = this.items[i];
      if (q.cursor !== undefined && l.id >= q.cursor) continue;
      if (q.since !== undefined && l.receivedAt < q.since) break;
      if (q.reason && l.reason !== q.reason) continue;
      if (q.deviceId && l.deviceId !== q.deviceId) continue;
      if (q.plantId && l.plantId !== q.plantId) continue;
      items.push(l);
    }
    const more = items.length === limit && i >= 0 && (q.since === undefined || this.items[i].receivedAt >= q.since);
    return { items, dropped: this.dropped, ...(more ? { nextCursor: items[items.length - 1].id } : {}) };
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */

  async stop(): Promise<void> {
    await this.commits.drain();
    await this.file?.close();
    this.file = undefined;
  }
}
