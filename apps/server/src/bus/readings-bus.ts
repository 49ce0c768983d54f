import { Injectable } from '@nestjs/common';
import type { Reading } from '#contracts';
import { InTurns } from './in-turns.js';

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
export const TURN_BUDGET_MS = 2;
/** readings handed to the listeners at once: a big message is split so that one piece stays within the budget */
const PIECE = 256;

/**
 * In-process fan-out of accepted, durable readings to whoever needs them next (live gateway, detection).
 *
 * Delivery is asynchronous and in order: `emit` queues the readings and returns a promise that settles once every
 * listener has heard them. The queue is drained in turns of at most TURN_BUDGET_MS (pieces of at most PIECE
 * readings) with a macrotask between turns (in-turns.ts), so that no burst holds the event loop. The broker
 * acknowledges a message only once its emission settled (after the fsync, after the listeners): the queue holds what the
 * publishers have in flight at most, so it is bounded by their windows. A listener that throws fails the emission it was
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
  private readonly turns = new InTurns(TURN_BUDGET_MS);

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
    const hear = (piece: readonly Reading[]) => () => {
      for (const l of this.listeners) l(piece);
    };
    if (readings.length <= PIECE) return this.turns.run(hear(readings));
    const pieces: Array<Promise<void>> = [];
    for (let at = 0; at < readings.length; at += PIECE)
      pieces.push(this.turns.run(hear(readings.slice(at, at + PIECE))));
    return Promise.all(pieces).then(() => undefined);
  }
}
