import type { Reading } from '#contracts';

/** Where the writer is: a segment number and a byte offset in it. */
export interface SpoolPosition {
  seg: number;
  offset: number;
}

/** A committed block whose readings are still in memory, and where it ends in the spool. */
interface TailBlock {
  readings: Reading[];
  end: SpoolPosition;
  bytes: number;
}

/**
 * The newest committed readings, kept in memory for the spool writer so that in the normal case the spool file is
 * only written, never read back and decoded again. It holds a contiguous run of blocks starting where the writer
 * reads next, within `maxBytes` of spool; once a block does not fit (a store outage) it stops taking blocks
 * (`live` false) until the writer, reading from disk, has caught up with everything committed.
 */
export class MemoryTail {
  private blocks: TailBlock[] = [];
  private bytes = 0;
  /** false while part of the unread backlog is on disk only (after a restart, an overflow or a rewind) */
  live: boolean;

  constructor(
    private readonly maxBytes: number,
    live: boolean,
  ) {
    this.live = live;
  }

  get empty(): boolean {
    return this.blocks.length === 0;
  }

  /** A commit's readings join the tail while it is live and within its bound. */
  keep(items: ReadonlyArray<{ readings: readonly Reading[] }>, end: SpoolPosition, bytes: number): void {
    if (!this.live) return;
    if (this.bytes + bytes > this.maxBytes) {
      this.live = false; // from here on the writer reads this commit and the ones after it from disk
      return;
    }
    const readings: Reading[] = [];
    for (const i of items) for (const r of i.readings) readings.push(r);
    this.blocks.push({ readings, end, bytes });
    this.bytes += bytes;
  }

  /** Whole blocks, about `maxReadings` readings (at least one block), and the position after the last of them. */
  take(maxReadings: number): { readings: Reading[]; end: SpoolPosition } {
    let readings = this.blocks[0].readings;
    let n = 1;
    if (readings.length < maxReadings) {
      readings = [];
      n = 0;
      for (const b of this.blocks) {
        if (n > 0 && readings.length + b.readings.length > maxReadings) break;
        for (const r of b.readings) readings.push(r);
        n++;
      }
    }
    const taken = this.blocks.splice(0, n);
    for (const b of taken) this.bytes -= b.bytes;
    return { readings, end: { ...taken[n - 1].end } };
  }

  /** Forget everything: the writer goes back to the disk. */
  drop(): void {
    this.blocks = [];
    this.bytes = 0;
    this.live = false;
  }
}
