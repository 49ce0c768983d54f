/**
 * Runs queued jobs in order, in turns of the event loop of at most `budgetMs` each, with a macrotask between turns.
 * A burst of small jobs (the messages one poll of the sockets brings, the readings one group commit releases) then
 * never holds the loop for longer than about a budget plus one job: fsync completions, PUBACKs and timers due
 * meanwhile get their turn. A job that throws rejects its own promise only.
 */
export class InTurns {
  private jobs: Array<() => void> = [];
  private head = 0;
  private scheduled = false;

  constructor(private readonly budgetMs: number) {}

  /** jobs queued and not yet run */
  get queued(): number {
    return this.jobs.length - this.head;
  }

  run<T>(job: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push(() => {
        try {
          resolve(job());
        } catch (e) {
          reject(e as Error);
        }
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate: after this I/O phase, so the jobs it queued share a turn
    setImmediate(() => {
      this.scheduled = false;
      this.turn();
    });
  }

  private turn(): void {
    const until = performance.now() + this.budgetMs;
    while (this.head < this.jobs.length) {
      this.jobs[this.head++]();
      if (performance.now() >= until) break;
    }
    if (this.head === this.jobs.length) {
      this.jobs = [];
      this.head = 0;
    } else {
      // drop the front already run now and then rather than shifting the array at every job
      if (this.head > 1024) {
        this.jobs = this.jobs.slice(this.head);
        this.head = 0;
      }
      this.schedule();
    }
  }
}
