import type { Reading } from '#contracts';

interface Entry {
  id: string;
  /** the entry's time: the milliseconds part of its stream id (Redis's clock when it was appended) */
  at: number;
  /** its readings not yet released */
  left: number;
}

/**
 * Puts a partition's readings back in each device's time order before they are judged. Several ingest processes
 * share the broker's subscription, so one device's consecutive messages reach the readings log through different
 * processes, each appending after its own fsync: a later reading can be appended a few milliseconds before an earlier
 * one, and the detection core ignores a reading older than the last it judged. A reading is released only once it
 * has waited `holdMs` in the log and no earlier reading of its device is still waiting. Pure: the caller passes the
 * time in.
 *
 * The checkpoint position is the last entry all of whose readings were released and before which none waits: a
 * replay from it reads again what was still held (and the core skips what the checkpointed states already judged).
 */
export class ReorderBuffer {
  private readonly entries: Entry[] = [];
  private readonly byDevice = new Map<string, Array<{ r: Reading; e: Entry }>>();
  private done: string;

  constructor(from: string) {
    this.done = from;
  }

  get held(): number {
    let n = 0;
    for (const e of this.entries) n += e.left;
    return n;
  }

  add(id: string, readings: readonly Reading[]): void {
    const e: Entry = { id, at: Number(id.slice(0, id.indexOf('-'))), left: readings.length };
    this.entries.push(e);
    for (const r of readings) {
      const key = `${r.plantId}/${r.deviceId}`;
      let q = this.byDevice.get(key);
      if (!q) this.byDevice.set(key, (q = []));
      // almost always in order already: insert from the end
      let i = q.length;
      while (i > 0 && q[i - 1]!.r.ts > r.ts) i--;
      q.splice(i, 0, { r, e });
    }
    this.settle();
  }

  /** the readings due at `now`, each device's in time order */
  release(now: number, holdMs: number): Reading[] {
    const out: Reading[] = [];
    for (const [key, q] of this.byDevice) {
      let n = 0;
      while (n < q.length && q[n]!.e.at <= now - holdMs) {
        out.push(q[n]!.r);
        q[n]!.e.left--;
        n++;
      }
      if (n === q.length) this.byDevice.delete(key);
      else if (n) q.splice(0, n);
    }
    this.settle();
    return out;
  }

  /** every reading now, in each device's time order (the partition is being given up or the process stops) */
  drain(): Reading[] {
    return this.release(Number.POSITIVE_INFINITY, 0);
  }

  /** the stream id a checkpoint may record: every entry up to it is fully released */
  get checkpointId(): string {
    return this.done;
  }

  private settle(): void {
    let n = 0;
    while (n < this.entries.length && this.entries[n]!.left === 0) this.done = this.entries[n++]!.id;
    if (n) this.entries.splice(0, n);
  }
}
