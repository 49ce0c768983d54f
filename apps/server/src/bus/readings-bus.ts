import { Injectable } from '@nestjs/common';
import type { Reading } from '#contracts';

export type ReadingListener = (readings: readonly Reading[]) => void;

/** Where accepted readings are made durable for other processes (scale-out mode: the readings log in Redis). */
export interface ReadingsSink {
  publish(readings: readonly Reading[]): Promise<void>;
}

/**
 * How long one turn of the event loop may spend handing readings to the listeners before it yields to I/O (the
 * next socket reads, fsync completions, timers). A group commit releases hundreds of messages at once; delivered
 * in one go, their detection and live fan-out held the loop for tens of milliseconds.
 */
const TURN_BUDGET_MS = 2;
/** readings handed to the listeners at once: a big message is split so that one piece stays within the budget */
const PIECE = 256;

interface Pending {
  readings: readonly Reading[];
  /** readings of this emission delivered so far */
  at: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

/**
 * In-process fan-out of accepted, durable readings to whoever needs them next (live gateway, detection).
 *
 * Delivery is asynchronous and in order: `emit` queues the readings and returns a promise that settles once every
 * listener has heard them. The queue is drained in turns of at most TURN_BUDGET_MS (pieces of at most PIECE
 * readings), with a macrotask between turns, so that no burst holds the event loop. The broker acknowledges a
 * message only once its emission settled (after the fsync, after the listeners): the queue holds at most what the
 * publishers have in flight, so it is bounded by their windows. A listener that throws fails the emission it was
 * hearing (that message is not acknowledged); the other emissions go on.
 *
 * In scale-out mode a sink is attached: the readings go to the readings log first (the acknowledgement waits for
 * it too), and the local listeners hear them after that.
 */
@Injectable()
export class ReadingsBus {
  private readonly listeners: ReadingListener[] = [];
  private readonly storedListeners: ReadingListener[] = [];
  private sink?: ReadingsSink;
  private readonly queue: Pending[] = [];
  private head = 0;
  private scheduled = false;

  subscribe(listener: ReadingListener): void {
    this.listeners.push(listener);
  }

  attach(sink: ReadingsSink): void {
    this.sink = sink;
  }

  /** Resolves once every listener has heard `readings` (and, in scale-out mode, the readings log holds them). */
  emit(readings: readonly Reading[]): Promise<void> {
    if (this.sink) return this.sink.publish(readings).then(() => this.deliver(readings));
    return this.deliver(readings);
  }

  /** `listener` hears readings once the telemetry store holds them (what is computed from the store can be redone) */
  onStored(listener: ReadingListener): void {
    this.storedListeners.push(listener);
  }

  stored(readings: readonly Reading[]): void {
    for (const l of this.storedListeners) l(readings);
  }

  private deliver(readings: readonly Reading[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ readings, at: 0, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate: after this I/O phase, so readings released together by one commit share a turn
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  /** One turn: delivers queued readings until the budget is spent, then yields if any are left. */
  private drain(): void {
    const until = performance.now() + TURN_BUDGET_MS;
    while (this.head < this.queue.length) {
      const p = this.queue[this.head];
      try {
        const piece = p.readings.length <= PIECE ? p.readings : p.readings.slice(p.at, p.at + PIECE);
        for (const l of this.listeners) l(piece);
        p.at += piece.length;
      } catch (e) {
        p.at = p.readings.length;
        this.head++;
        p.reject(e as Error);
        continue;
      }
      if (p.at >= p.readings.length) {
        this.head++;
        p.resolve();
      }
      if (performance.now() >= until) break;
    }
    // compact the consumed front now and then instead of shifting every entry
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (this.head < this.queue.length) this.schedule();
  }
}
