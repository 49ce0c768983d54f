import { mkdirSync, readdirSync, readFileSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { open, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import { GroupCommit } from './group-commit.js';

/** Where the writer is: a segment number and a byte offset in it. */
export interface SpoolPosition {
  seg: number;
  offset: number;
}

export interface SpoolBatch {
  readings: Reading[];
  /** the position after the last line of this batch: pass to `release` once the batch is stored */
  end: SpoolPosition;
}

export interface SpoolOptions {
  dir: string;
  /** bytes of not-yet-stored readings kept on disk; beyond it appends wait (or are refused when asked not to) */
  maxBytes: number;
  onCommit?: (lines: number, readings: number, seconds: number) => void;
}

const SEG_RE = /^seg-(\d{12})\.log$/;
const segName = (n: number) => `seg-${String(n).padStart(12, '0')}.log`;
const READ_CHUNK = 4 * 1024 * 1024;

/**
 * The write-ahead spool: accepted readings are appended as JSON lines to numbered segment files and fsynced by
 * group commit before the message is acknowledged. The writer reads them back in order, stores them and releases
 * them; a segment is deleted once everything in it is stored. After a crash, everything past the checkpoint is
 * replayed (the store keys points on device + timestamp, so a replayed reading is not a second point).
 */
export class Spool {
  private readonly segBytes: number;
  private active = 0;
  private activeFile?: FileHandle;
  private activeSize = 0;
  private cursor: SpoolPosition = { seg: 1, offset: 0 };
  private readonly committedSize = new Map<number, number>();
  private readonly commits: GroupCommit<{ line: string; n: number }>;
  private waiting: Array<() => void> = [];
  private wake?: () => void;
  private readHandle?: { seg: number; fh: FileHandle };
  private checkpointing = Promise.resolve();
  pendingBytes = 0;
  pendingReadings = 0;

  constructor(private readonly opts: SpoolOptions) {
    // a quarter of the bound, so that deleting drained segments frees space long before the bound is hit
    this.segBytes = Math.max(16 * 1024, Math.min(8 * 1024 * 1024, Math.floor(opts.maxBytes / 4)));
    this.commits = new GroupCommit((items) => this.commit(items));
  }

  private get checkpointPath() {
    return join(this.opts.dir, 'checkpoint.json');
  }

  /** Opens the spool: finds the backlog left by a previous run and starts a fresh segment for new appends. */
  async open(): Promise<void> {
    mkdirSync(this.opts.dir, { recursive: true });
    const segs = readdirSync(this.opts.dir)
      .map((f) => SEG_RE.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    try {
      this.cursor = JSON.parse(readFileSync(this.checkpointPath, 'utf8')) as SpoolPosition;
    } catch {
      this.cursor = { seg: segs[0] ?? 1, offset: 0 };
    }
    for (const seg of segs) {
      const path = join(this.opts.dir, segName(seg));
      if (seg < this.cursor.seg) {
        unlinkSync(path);
        continue;
      }
      const buf = readFileSync(path);
      // a torn last line was never fsynced, hence never acknowledged: cut it off
      const end = buf.lastIndexOf(0x0a) + 1;
      if (end < buf.length) truncateSync(path, end);
      this.committedSize.set(seg, end);
      const from = seg === this.cursor.seg ? Math.min(this.cursor.offset, end) : 0;
      this.pendingBytes += end - from;
      for (const line of buf.subarray(from, end).toString('utf8').split('\n'))
        if (line) this.pendingReadings += (JSON.parse(line) as { r: Reading[] }).r.length;
    }
    if (segs.length === 0 || this.cursor.seg > segs[segs.length - 1]) this.cursor = { seg: this.cursor.seg, offset: 0 };
    await this.roll(Math.max(this.cursor.seg, (segs[segs.length - 1] ?? 0) + 1));
  }

  private async roll(next: number): Promise<void> {
    await this.activeFile?.close();
    this.active = next;
    this.activeFile = await open(join(this.opts.dir, segName(next)), 'a');
    this.activeSize = 0;
    this.committedSize.set(next, 0);
  }

  get full(): boolean {
    return this.pendingBytes >= this.opts.maxBytes;
  }

  get waitingForSpace(): number {
    return this.waiting.length;
  }

  /**
   * Appends one message's readings; resolves once they are fsynced. When the spool is full it waits for the
   * writer to free space (backpressure), or, with `wait: false`, returns false at once without appending.
   */
  async append(readings: readonly Reading[], wait = true): Promise<boolean> {
    if (this.full) {
      if (!wait) return false;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    await this.commits.append({ line: JSON.stringify({ r: readings }) + '\n', n: readings.length });
    return true;
  }

  private async commit(items: Array<{ line: string; n: number }>): Promise<void> {
    const t0 = process.hrtime.bigint();
    const buf = Buffer.from(items.map((i) => i.line).join(''), 'utf8');
    const file = this.activeFile!;
    const seg = this.active;
    try {
      await file.write(buf);
      await file.datasync();
    } catch (e) {
      // (disk full, I/O error) nothing of this commit is acknowledged, but part of it may be in the file past the
      // committed size: continue in a fresh segment, so the reader never meets those bytes
      await this.roll(seg + 1).catch(() => undefined);
      throw e;
    }
    this.activeSize += buf.length;
    this.committedSize.set(seg, this.activeSize);
    const n = items.reduce((s, i) => s + i.n, 0);
    this.pendingBytes += buf.length;
    this.pendingReadings += n;
    this.opts.onCommit?.(items.length, n, Number(process.hrtime.bigint() - t0) / 1e9);
    if (this.activeSize >= this.segBytes) await this.roll(seg + 1);
    this.wake?.();
  }

  /** Resolves when there is something to read (or at once if there is). */
  whenReadable(): Promise<void> {
    if (this.hasUnread()) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** Wakes a `whenReadable` waiter without data (used at shutdown). */
  interrupt(): void {
    this.wake?.();
  }

  private hasUnread(): boolean {
    const size = this.committedSize.get(this.cursor.seg) ?? 0;
    return this.cursor.offset < size || this.cursor.seg < this.active;
  }

  /** Reads up to about `maxReadings` readings from the writer's position, without moving it. */
  async read(maxReadings: number): Promise<SpoolBatch> {
    const readings: Reading[] = [];
    let pos = { ...this.cursor };
    while (readings.length < maxReadings) {
      const size = this.committedSize.get(pos.seg) ?? 0;
      if (pos.offset >= size) {
        if (pos.seg >= this.active) break;
        pos = { seg: pos.seg + 1, offset: 0 };
        continue;
      }
      const fh = await this.reader(pos.seg);
      const len = Math.min(READ_CHUNK, size - pos.offset);
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(len), 0, len, pos.offset);
      let start = 0;
      for (let nl = buffer.indexOf(0x0a, 0); nl !== -1 && nl < bytesRead; nl = buffer.indexOf(0x0a, start)) {
        readings.push(...(JSON.parse(buffer.toString('utf8', start, nl)) as { r: Reading[] }).r);
        start = nl + 1;
        if (readings.length >= maxReadings) break;
      }
      pos = { seg: pos.seg, offset: pos.offset + start };
    }
    return { readings, end: pos };
  }

  /** The writer's read handle, kept open while it reads a segment. */
  private async reader(seg: number): Promise<FileHandle> {
    if (this.readHandle?.seg !== seg) {
      await this.readHandle?.fh.close();
      this.readHandle = { seg, fh: await open(join(this.opts.dir, segName(seg)), 'r') };
    }
    return this.readHandle.fh;
  }

  /** The batch up to `end` is in the store: move the checkpoint, delete finished segments, admit waiters. */
  release(end: SpoolPosition, readings: number): void {
    let freed = 0;
    for (let seg = this.cursor.seg; seg <= end.seg; seg++) {
      const from = seg === this.cursor.seg ? this.cursor.offset : 0;
      const to = seg === end.seg ? end.offset : (this.committedSize.get(seg) ?? 0);
      freed += to - from;
      if (seg < end.seg) {
        unlinkSync(join(this.opts.dir, segName(seg)));
        this.committedSize.delete(seg);
      }
    }
    this.cursor = { ...end };
    this.pendingBytes -= freed;
    this.pendingReadings -= readings;
    // no fsync, off the event loop: a lost checkpoint only replays readings the store already has (one point each)
    const cp = JSON.stringify(this.cursor);
    this.checkpointing = this.checkpointing.then(() => writeFile(this.checkpointPath, cp)).catch(() => undefined);
    while (this.waiting.length && !this.full) this.waiting.shift()!();
  }

  /** True when the spool directory accepts writes (for /ready). */
  writable(): boolean {
    try {
      statSync(this.opts.dir);
      return this.activeFile !== undefined;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.commits.drain();
    await this.checkpointing;
    await this.readHandle?.fh.close();
    this.readHandle = undefined;
    await this.activeFile?.close();
    this.activeFile = undefined;
    for (const w of this.waiting.splice(0)) w();
  }
}
