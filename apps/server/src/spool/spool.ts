import { mkdirSync, readdirSync, readFileSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { open, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { DecodeResult, Reading } from '#contracts';
import { GroupCommit } from '../durable/group-commit.js';
import { encodeBlock, parseBlock, type SpooledMessage } from './spool-block.js';
import { MemoryTail, type SpoolPosition } from './memory-tail.js';

export type { SpoolPosition };

export interface SpoolBatch {
  readings: Reading[];
  /** the position after the last block of this batch: pass to `release` once the batch is stored */
  end: SpoolPosition;
}

export interface SpoolOptions {
  dir: string;
  /** bytes of not-yet-stored readings kept on disk; beyond it appends wait (or are refused when asked not to) */
  maxBytes: number;
  /**
   * spool bytes whose readings are also kept in memory for the writer (default 16 MiB, about 100,000 readings):
   * the writer then takes them as they are instead of reading the file back and parsing it again. Beyond it (a
   * store outage) the writer reads from disk until it has caught up.
   */
  memoryBytes?: number;
  onCommit?: (messages: number, readings: number, seconds: number) => void;
  /** turns a message read back from disk into its readings again (the ingest decoder) */
  decode: (m: SpooledMessage) => DecodeResult;
  /**
   * a message read back from disk no longer decodes to the readings it was acknowledged for (the fleet changed
   * while the server was down); the readings that still decode are stored, the message is reported here
   */
  onReplayMismatch?: (m: SpooledMessage, decoded: DecodeResult) => void;
}

/** One message to append: as received, with the readings decoded from it. */
export interface SpoolEntry {
  topic: string;
  receivedAt: number;
  payload: Buffer;
  readings: readonly Reading[];
}

const SEG_RE = /^seg-(\d{12})\.log$/;
const segName = (n: number) => `seg-${String(n).padStart(12, '0')}.log`;
const READ_CHUNK = 4 * 1024 * 1024;
const MEMORY_BYTES = 16 * 1024 * 1024;
const CHECKPOINT_MS = 200;

/**
 * The write-ahead spool: accepted messages are appended, as received, to numbered segment files (one block per
 * group commit, spool-block.ts) and fsynced before the message is acknowledged. The writer takes them in order,
 * stores them and releases them; a segment is deleted once everything in it is stored. After a crash, everything
 * past the checkpoint is replayed (the store keys points on device + timestamp, so a replayed reading is not a
 * second point).
 *
 * Two positions: `readPos`, up to where batches were handed to the writer, and the checkpoint (`cursor`), up to
 * where they are stored. The writer may have several batches in flight; `rewind` goes back to the checkpoint after
 * a failed write. Committed readings are also kept in memory (memory-tail.ts) while within its bound, so in the
 * normal case the file is only written, never read back.
 */
export class Spool {
  private readonly segBytes: number;
  private active = 0;
  private activeFile?: FileHandle;
  private activeSize = 0;
  private cursor: SpoolPosition = { seg: 1, offset: 0 };
  private readPos: SpoolPosition = { seg: 1, offset: 0 };
  private readonly tail: MemoryTail;
  private readonly committedSize = new Map<number, number>();
  private readonly commits: GroupCommit<SpoolEntry>;
  private waiting: Array<() => void> = [];
  private wake?: () => void;
  private readHandle?: { seg: number; fh: FileHandle };
  private checkpointing = Promise.resolve();
  private checkpointTimer?: NodeJS.Timeout;
  pendingBytes = 0;
  pendingReadings = 0;

  constructor(private readonly opts: SpoolOptions) {
    // a quarter of the bound, so that deleting drained segments frees space long before the bound is hit
    this.segBytes = Math.max(16 * 1024, Math.min(8 * 1024 * 1024, Math.floor(opts.maxBytes / 4)));
    this.commits = new GroupCommit((items) => this.commit(items));
    this.tail = new MemoryTail(opts.memoryBytes ?? MEMORY_BYTES, true);
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
      // blocks up to the first incomplete or damaged one; what follows was never fsynced, hence never acknowledged
      const from = seg === this.cursor.seg ? this.cursor.offset : 0;
      let end = 0;
      for (let at = 0; at < buf.length;) {
        const b = parseBlock(buf, at, true);
        if (b.kind === 'legacy') {
          if (at >= from) this.pendingReadings += b.readings.length;
        } else if (b.kind === 'block') {
          if (at >= from) for (const m of b.messages) this.pendingReadings += m.readings;
        } else break;
        at = end = b.end;
      }
      if (end < buf.length) truncateSync(path, end);
      this.committedSize.set(seg, end);
      this.pendingBytes += Math.max(0, end - from);
    }
    if (segs.length === 0 || this.cursor.seg > segs[segs.length - 1]) this.cursor = { seg: this.cursor.seg, offset: 0 };
    this.readPos = { ...this.cursor };
    // the backlog of the previous run is on disk only: the writer reads it from there, then switches to memory
    this.tail.live = this.pendingBytes === 0;
    await this.roll(Math.max(this.cursor.seg, (segs[segs.length - 1] ?? 0) + 1));
  }

  private async roll(next: number): Promise<void> {
    await this.activeFile?.close();
    this.active = next;
    // an O_DSYNC file with one gathered write per commit was tried: at saturation it stored a third of the
    // readings/s this write + fdatasync of one joined buffer does (npm run bench -- --only qinwatt), for a CPU gain
    // too small to measure
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
   * Appends one message; resolves once it is fsynced. When the spool is full it waits for the writer to free space
   * (backpressure), or, with `wait: false`, returns false at once without appending.
   */
  async append(entry: SpoolEntry, wait = true): Promise<boolean> {
    if (this.full) {
      if (!wait) return false;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    await this.commits.append(entry);
    return true;
  }

  private async commit(items: SpoolEntry[]): Promise<void> {
    const t0 = process.hrtime.bigint();
    const buf = encodeBlock(
      items.map((i) => ({ topic: i.topic, receivedAt: i.receivedAt, payload: i.payload, readings: i.readings.length })),
    );
    const bytes = buf.length;
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
    this.activeSize += bytes;
    this.committedSize.set(seg, this.activeSize);
    const n = items.reduce((s, i) => s + i.readings.length, 0);
    this.pendingBytes += bytes;
    this.pendingReadings += n;
    this.tail.keep(items, { seg, offset: this.activeSize }, bytes);
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

  /** Resolves at the next commit (or `interrupt`), whether or not there is something unread now. */
  whenCommitted(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** Wakes a `whenReadable` or `whenCommitted` waiter without data (used at shutdown). */
  interrupt(): void {
    this.wake?.();
  }

  /** True when committed readings have not been handed to the writer yet. */
  hasUnread(): boolean {
    if (!this.tail.empty) return true;
    // the end of a finished segment is the start of the next one: only committed bytes past it count
    for (let seg = this.readPos.seg, offset = this.readPos.offset; ; seg++, offset = 0) {
      if (offset < (this.committedSize.get(seg) ?? 0)) return true;
      if (seg >= this.active) return false;
    }
  }

  /**
   * Hands the writer the next batch of about `maxReadings` readings (whole commits from memory, whole lines from
   * disk) and moves the read position past it; the checkpoint moves only on `release`.
   */
  async read(maxReadings: number): Promise<SpoolBatch> {
    if (!this.tail.empty) {
      const batch = this.tail.take(maxReadings);
      this.readPos = { ...batch.end };
      return batch;
    }
    if (this.tail.live) return { readings: [], end: { ...this.readPos } };
    const batch = await this.readDisk(maxReadings);
    this.readPos = batch.end;
    // caught up with what is committed: later commits are taken from memory again
    if (!this.hasUnread()) this.tail.live = true;
    return batch;
  }

  /** Back to the checkpoint after a failed store write: what was handed out since is read again, from disk. */
  rewind(): void {
    this.readPos = { ...this.cursor };
    this.tail.drop();
  }

  private async readDisk(maxReadings: number): Promise<SpoolBatch> {
    const readings: Reading[] = [];
    let pos = { ...this.readPos };
    let chunk = READ_CHUNK;
    while (readings.length < maxReadings) {
      const size = this.committedSize.get(pos.seg) ?? 0;
      if (pos.offset >= size) {
        if (pos.seg >= this.active) break;
        pos = { seg: pos.seg + 1, offset: 0 };
        continue;
      }
      const fh = await this.reader(pos.seg);
      const len = Math.min(chunk, size - pos.offset);
      const { buffer } = await fh.read(Buffer.allocUnsafe(len), 0, len, pos.offset);
      let at = 0;
      while (at < len && readings.length < maxReadings) {
        const b = parseBlock(buffer, at, pos.offset + len >= size);
        if (b.kind === 'partial') {
          chunk = Math.max(chunk, b.need, 2 * (len - at)); // a block larger than the chunk: read it whole
          break;
        }
        if (b.kind === 'corrupt') throw new Error(`spool segment ${pos.seg} at ${pos.offset + at}: ${b.why}`);
        if (b.kind === 'legacy') for (const r of b.readings) readings.push(r);
        else for (const m of b.messages) this.replay(m, readings);
        at = b.end;
      }
      pos = { seg: pos.seg, offset: pos.offset + at };
    }
    return { readings, end: pos };
  }

  private replay(m: SpooledMessage, into: Reading[]): void {
    const decoded = this.opts.decode(m);
    if (decoded.readings.length !== m.readings) this.opts.onReplayMismatch?.(m, decoded);
    for (const r of decoded.readings) into.push(r);
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
    this.saveCheckpointSoon();
    while (this.waiting.length && !this.full) this.waiting.shift()!();
  }

  /**
   * At most one checkpoint write every CHECKPOINT_MS (a release comes with every store batch, dozens a second), no
   * fsync, off the event loop: a stale or lost checkpoint only replays readings the store already has (one point
   * each).
   */
  private saveCheckpointSoon(): void {
    if (this.checkpointTimer) return;
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = undefined;
      this.checkpointing = this.checkpointing.then(() => this.saveCheckpoint());
    }, CHECKPOINT_MS);
  }

  private saveCheckpoint(): Promise<void> {
    return writeFile(this.checkpointPath, JSON.stringify(this.cursor)).catch(() => undefined);
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
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    await this.checkpointing;
    await this.saveCheckpoint();
    await this.readHandle?.fh.close();
    this.readHandle = undefined;
    await this.activeFile?.close();
    this.activeFile = undefined;
    for (const w of this.waiting.splice(0)) w();
  }
}
