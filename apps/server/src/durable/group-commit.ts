/**
 * Group commit: appends that arrive while a commit (write + fsync) is running are gathered and made durable by
 * the next single commit. One fsync then serves every connection that published meanwhile, so throughput grows
 * with load instead of being capped at one fsync per message.
 */
export class GroupCommit<T> {
  private batch: T[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private running = false;
  private scheduled = false;

  constructor(private readonly commit: (items: T[]) => Promise<void>) {}

  /** Resolves once `item` is durable (its commit's fsync returned). */
  append(item: T): Promise<void> {
    this.batch.push(item);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return done;
  }

  /** Items accepted but not yet committed. */
  get queued(): number {
    return this.batch.length;
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // setImmediate (not a microtask): every PUBLISH parsed from the sockets readable in this I/O phase joins
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running || this.batch.length === 0) return;
    this.running = true;
    const items = this.batch;
    const waiters = this.waiters;
    this.batch = [];
    this.waiters = [];
    try {
      await this.commit(items);
      for (const w of waiters) w.resolve();
    } catch (e) {
      for (const w of waiters) w.reject(e as Error);
    } finally {
      this.running = false;
      if (this.batch.length) this.schedule();
    }
  }

  /** Waits until everything appended so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.running || this.scheduled || this.batch.length) await new Promise((r) => setImmediate(r));
  }
}
