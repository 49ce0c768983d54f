import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync } from 'node:fs';
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Reading } from '#contracts';
import type { Bucket, Rollup, SeriesPoint } from '../telemetry-store.js';
import { ROLLUP_MS, TELEMETRY } from '../telemetry-store.js';
import { blockBytes, decodeIndex, decodeSeries, encodeRollup, headerBytes, type RollupIndex } from './rollup-file.js';
import { readingToPoint } from '../shared/series.js';

export const DAY_MS = 86_400_000;
/**
 * A segment is one UTC hour ("2026-03-01T08"): a query for the last hour parses at most two small files, and a
 * closed hour's rollups are kept in a file of their own, so a day of 1-minute windows never parses raw data.
 */
export const SEGMENT_MS = 3_600_000;
export const segmentOf = (ts: number): string =>
  new Date(Math.floor(ts / SEGMENT_MS) * SEGMENT_MS).toISOString().slice(0, 13);
export const segmentStart = (seg: string): number => Date.parse(`${seg}:00:00Z`);

/** A stored point; `r` is the reading itself for telemetry (it carries seq, sim and tsFromServer). */
export interface Stored {
  p: SeriesPoint;
  r?: Reading;
}

export interface ScanOptions {
  /** only lines containing this text are parsed (callers still check each point) */
  needle?: string;
  /** byte offset to start at (restart after a snapshot) */
  offset?: number;
}

const NL = 0x0a;
/** rollup files kept open for reading series: a plant-local day spans 25-26 hours, times two resolutions */
const MAX_ROLLUP_FDS = 64;
/** bytes read per step: a step searches in about a millisecond, or parses a few thousand lines */
const SCAN_CHUNK = 1024 * 1024;

/** calls `take` for each line of `buf` (with `needle`, for each line that contains it) */
function forEachLine(buf: Buffer, needle: Buffer | undefined, take: (line: Buffer) => void): void {
  if (!needle) {
    for (let from = 0; from < buf.length;) {
      let to = buf.indexOf(NL, from);
      if (to < 0) to = buf.length;
      if (to > from) take(buf.subarray(from, to));
      from = to + 1;
    }
    return;
  }
  for (let hit = buf.indexOf(needle); hit >= 0;) {
    const from = buf.lastIndexOf(NL, hit) + 1;
    let to = buf.indexOf(NL, hit);
    if (to < 0) to = buf.length;
    take(buf.subarray(from, to));
    hit = buf.indexOf(needle, to);
  }
}

export const seriesKey = (plantId: string, deviceId: string): string => `${plantId}/${deviceId}`;

/**
 * The files of the embedded store, one folder per kind:
 *   raw/<measurement>/<segment>.jsonl            append-only, fsync'd before a write resolves
 *   rollup/<1m|1h>/<measurement>/<segment>.bin   a closed segment's windows, written once its raw data is complete
 *                                                (rollup-file.ts; the first versions wrote `.json`, still read)
 * Each file covers one UTC hour, so retention is deleting files and a restart reads nothing it does not need.
 */
export class Segments {
  private readonly handles = new Map<string, FileHandle>();
  private readonly queues = new Map<string, Promise<void>>();
  /** open rollup files for reading series' blocks, least recently used first */
  private readonly rollupFds = new Map<string, number>();

  constructor(readonly root: string) {}

  rawPath = (m: string, day: string) => join(this.root, 'raw', m, `${day}.jsonl`);
  rollupPath = (res: Rollup, m: string, day: string) => join(this.root, 'rollup', res, m, `${day}.bin`);
  /** the JSON rollup files of the first versions: read as they are, replaced when the hour is sealed again */
  legacyRollupPath = (res: Rollup, m: string, day: string) => join(this.root, 'rollup', res, m, `${day}.json`);

  /** appends lines to a day file and fsyncs it (and its folder, when the file is new); one append per file at a time */
  append(m: string, day: string, lines: string[]): Promise<void> {
    const path = this.rawPath(m, day);
    const prev = this.queues.get(path) ?? Promise.resolve();
    // concurrent appends to one file are chained: a long append is several write() calls that must not interleave
    const next = prev.catch(() => undefined).then(() => this.appendNow(path, lines));
    this.queues.set(path, next);
    void next
      .finally(() => {
        if (this.queues.get(path) === next) this.queues.delete(path);
      })
      .catch(() => undefined);
    return next;
  }

  private async appendNow(path: string, lines: string[]): Promise<void> {
    let fh = this.handles.get(path);
    if (!fh) {
      const fresh = !existsSync(path);
      mkdirSync(dirname(path), { recursive: true });
      fh = await open(path, 'a');
      this.handles.set(path, fh);
      if (fresh) await syncDir(dirname(path));
      // few day files are written at once (today, and late readings for recent days)
      if (this.handles.size > 8) await this.closeOldest(path);
    }
    await fh.appendFile(lines.join('\n') + '\n');
    await fh.sync();
  }

  /**
   * Streams a segment file from `offset` up to its size when the scan starts, calling `visit` for each point in file
   * order; a torn last line (crash mid-write, never acknowledged) is skipped. With `needle`, only lines that contain
   * it are parsed (a series' id as JSON text: finding it in the bytes is far cheaper than parsing every line). Memory
   * is one chunk, whatever the size of the file.
   */
  async scan(m: string, seg: string, visit: (s: Stored) => void, opts: ScanOptions = {}): Promise<void> {
    const path = this.rawPath(m, seg);
    if (!existsSync(path)) return;
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const needle = opts.needle === undefined ? undefined : Buffer.from(opts.needle);
      const chunk = Buffer.allocUnsafe(SCAN_CHUNK);
      let rest: Buffer = Buffer.alloc(0);
      const take = (line: Buffer) => {
        try {
          visit(parseLine(m, line.toString('utf8')));
        } catch {
          // a torn or foreign line: not a point
        }
      };
      for (let pos = opts.offset ?? 0; pos < size;) {
        const { bytesRead } = await fh.read(chunk, 0, Math.min(SCAN_CHUNK, size - pos), pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        const buf = rest.length ? Buffer.concat([rest, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
        const end = buf.lastIndexOf(NL) + 1;
        forEachLine(buf.subarray(0, end), needle, take);
        rest = Buffer.from(buf.subarray(end)); // a copy: `chunk` is reused
      }
      if (rest.length) forEachLine(rest, needle, take);
    } finally {
      await fh.close();
    }
  }

  days(kind: 'raw' | Rollup, m: string): string[] {
    const dir = kind === 'raw' ? join(this.root, 'raw', m) : join(this.root, 'rollup', kind, m);
    if (!existsSync(dir)) return [];
    return [...new Set(readdirSync(dir).map((f) => f.slice(0, 13)))].sort();
  }

  measurements(): string[] {
    const dir = join(this.root, 'raw');
    return existsSync(dir) ? readdirSync(dir) : [];
  }

  hasRollup(res: Rollup, m: string, day: string): boolean {
    return existsSync(this.rollupPath(res, m, day)) || existsSync(this.legacyRollupPath(res, m, day));
  }

  /**
   * What is needed to read a sealed hour's series: the binary file's index, or a legacy JSON file parsed whole;
   * `bytes` is what keeping it costs. Undefined when the hour has no rollup file.
   */
  async openRollup(res: Rollup, m: string, day: string): Promise<OpenRollup | undefined> {
    // most hours asked for in a comparison (last year, an empty month) have no file: no failed open() for those
    if (!this.hasRollup(res, m, day)) return undefined;
    try {
      const fh = await open(this.rollupPath(res, m, day), 'r');
      try {
        const first = Buffer.alloc(8);
        await fh.read(first, 0, 8, 0);
        const head = Buffer.alloc(headerBytes(first));
        await fh.read(head, 0, head.length, 0);
        return { kind: 'bin', index: decodeIndex(head), bytes: head.length };
      } finally {
        await fh.close();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const legacy = this.legacyRollupPath(res, m, day);
    if (!existsSync(legacy)) return undefined;
    const text = await readFile(legacy, 'utf8');
    return { kind: 'json', data: JSON.parse(text) as Record<string, Bucket[]>, bytes: Buffer.byteLength(text) };
  }

  /**
   * One series' windows of an opened rollup; undefined when the file went meanwhile (a late reading dropped it).
   * The block (a few KiB) is read synchronously from a file kept open: a positional read from the page cache takes
   * microseconds, far less than the async round trips it saves (and than parsing a whole JSON hour, as before).
   */
  readSeries(res: Rollup, m: string, day: string, r: OpenRollup, key: string): Bucket[] | undefined {
    if (r.kind === 'json') return r.data[key] ?? [];
    const s = r.index.series[key];
    if (!s) return [];
    const path = this.rollupPath(res, m, day);
    let fd = this.rollupFds.get(path);
    if (fd === undefined) {
      try {
        fd = openSync(path, 'r');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
      if (this.rollupFds.size >= MAX_ROLLUP_FDS) this.closeRollup(this.rollupFds.keys().next().value!);
    } else this.rollupFds.delete(path);
    this.rollupFds.set(path, fd);
    const block = new Uint8Array(blockBytes(r.index, s[1].length));
    readSync(fd, block, 0, block.length, r.index.dataAt + blockBytes(r.index, s[0]));
    return decodeSeries(r.index, key, block);
  }

  private closeRollup(path: string): void {
    const fd = this.rollupFds.get(path);
    if (fd === undefined) return;
    this.rollupFds.delete(path);
    closeSync(fd);
  }

  /** written to a temporary name, fsync'd, then renamed: a reader sees the old file or the whole new one */
  async writeRollup(res: Rollup, m: string, day: string, data: Record<string, Bucket[]>): Promise<void> {
    const step = ROLLUP_MS[res];
    const path = this.rollupPath(res, m, day);
    await writeAtomic(path, encodeRollup(data, segmentStart(day), step, SEGMENT_MS / step));
    this.closeRollup(path);
    const legacy = this.legacyRollupPath(res, m, day);
    if (existsSync(legacy)) await rm(legacy, { force: true });
  }

  async dropRollups(m: string, day: string): Promise<void> {
    for (const res of ['1m', '1h'] as const) await this.dropRollup(res, m, day);
  }

  async dropRollup(res: Rollup, m: string, day: string): Promise<void> {
    this.closeRollup(this.rollupPath(res, m, day));
    await rm(this.rollupPath(res, m, day), { force: true });
    await rm(this.legacyRollupPath(res, m, day), { force: true });
  }

  async dropRaw(m: string, day: string): Promise<void> {
    const path = this.rawPath(m, day);
    await this.queues.get(path)?.catch(() => undefined);
    await this.handles.get(path)?.close();
    this.handles.delete(path);
    await rm(path, { force: true });
  }

  async close(): Promise<void> {
    for (const path of [...this.rollupFds.keys()]) this.closeRollup(path);
    await Promise.allSettled([...this.queues.values()]);
    await Promise.all([...this.handles.values()].map((h) => h.close()));
    this.handles.clear();
  }

  private async closeOldest(keep: string): Promise<void> {
    // never one that another append is using
    const idle = [...this.handles.entries()].find(([p]) => p !== keep && !this.queues.has(p));
    if (!idle) return;
    this.handles.delete(idle[0]);
    await idle[1].close();
  }
}

export type OpenRollup =
  { kind: 'bin'; index: RollupIndex; bytes: number } | { kind: 'json'; data: Record<string, Bucket[]>; bytes: number };

export function parseLine(m: string, line: string): Stored {
  if (m === TELEMETRY) {
    const r = JSON.parse(line) as Reading;
    return { p: readingToPoint(r), r };
  }
  return { p: JSON.parse(line) as SeriesPoint };
}

let tmpSeq = 0;

/**
 * Written to a temporary name, fsync'd, then renamed. The temporary name is unique per call: two requests that seal
 * the same hour at once each write their own file, and the last rename wins (both hold the same rollup); with one
 * name per process the second rename found the file already moved and failed the request (ENOENT).
 */
export async function writeAtomic(path: string, text: string | Buffer): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${++tmpSeq}.tmp`;
  const fh = await open(tmp, 'w');
  await fh.writeFile(text);
  await fh.sync();
  await fh.close();
  await rename(tmp, path);
  await syncDir(dirname(path));
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
