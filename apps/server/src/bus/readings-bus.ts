import { Injectable } from '@nestjs/common';
import type { Reading } from '#contracts';

export type ReadingListener = (readings: readonly Reading[]) => void;

/**
 * In-process fan-out of accepted, durable readings to whoever needs them next (live gateway, detection).
 * Listeners run synchronously on the ingest path, so they must be cheap; heavy work belongs in a queue of its own.
 */
@Injectable()
export class ReadingsBus {
  private readonly listeners: ReadingListener[] = [];

  subscribe(listener: ReadingListener): void {
    this.listeners.push(listener);
  }

  emit(readings: readonly Reading[]): void {
    for (const l of this.listeners) l(readings);
  }
}
