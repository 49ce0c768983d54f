/**
 * Group commit for network stores: items from concurrent `add` calls are coalesced into requests of at most
 * `maxBatch` items, with at most `maxInFlight` requests open. Each caller's promise resolves when every request
 * carrying one of its items has succeeded, and rejects if any of them failed (the caller retries; writes are
 * idempotent, so a retried item that had landed is harmless).
 */
export interface BatcherOptions<T> {
  maxBatch: number;
  maxInFlight: number;
  send: (items: T[]) => Promise<void>;
}

interface Waiter {
  pending: number;
  failed?: Error;
  resolve: () => void;
  reject: (e: Error) => void;
}

export class Batcher<T> {
  private queue: T[] = [];
  private queueWaiters: Waiter[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly idle: Array<() => void> = [];

  constructor(private readonly opts: BatcherOptions<T>) {}

  add(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { pending: 0, resolve, reject };
      for (const item of items) {
        if (this.queueWaiters[this.queueWaiters.length - 1] !== w) {
          this.queueWaiters.push(w);
          w.pending += 1;
        }
        this.queue.push(item);
        if (this.queue.length >= this.opts.maxBatch) this.cut();
      }
      this.schedule();
    });
  }

  /** resolves once nothing is queued or in flight */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private readonly ready: Array<{ items: T[]; waiters: Waiter[] }> = [];

  /** closes the current batch; it is sent as soon as a request slot is free */
  private cut(): void {
    if (this.queue.length === 0) return;
    this.ready.push({ items: this.queue, waiters: this.queueWaiters });
    this.queue = [];
    this.queueWaiters = [];
    this.pump();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // one macrotask of linger: writes issued in the same tick (many MQTT messages) share a request
    setImmediate(() => {
      this.scheduled = false;
      this.cut();
    });
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight && this.ready.length > 0) {
      const batch = this.ready.shift()!;
      this.inFlight += 1;
      this.opts.send(batch.items).then(
        () => this.settle(batch.waiters),
        (e: Error) => this.settle(batch.waiters, e),
      );
    }
  }

  private settle(waiters: Waiter[], error?: Error): void {
    this.inFlight -= 1;
    for (const w of waiters) {
      if (error && !w.failed) w.failed = error;
      w.pending -= 1;
      if (w.pending > 0) continue;
      if (w.failed) w.reject(w.failed);
      else w.resolve();
    }
    this.pump();
    if (this.inFlight === 0 && this.ready.length === 0 && this.queue.length === 0)
      this.idle.splice(0).forEach((r) => r());
  }
}
