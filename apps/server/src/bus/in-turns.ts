/**
 * Runs jobs in order, at most `budgetMs` of them per turn of the event loop, with a macrotask between turns. A job
 * runs at once while the current turn has budget left and nothing is queued (light load: no added hop); past the
 * budget, jobs queue and run in the next turns. A burst (the readings one group commit releases) then never holds
 * the loop for much longer than the budget: fsync completions, PUBACKs and timers due meanwhile get their turn. A
 * job that throws rejects its own promise only.
 */
export class InTurns {
  private jobs: Array<() => void> = [];
  private head = 0;
  private scheduled = false;
  /** when the jobs run at once in this turn began (performance.now); reset at the next check phase */
  private turnStart?: number;

  constructor(private readonly budgetMs: number) {}

  /** jobs queued and not yet run */
  get queued(): number {
    return this.jobs.length - this.head;
  }

  run<T>(job: () => T): Promise<T> {
    if (this.queued === 0 && this.hasBudget()) {
      try {
        return Promise.resolve(job());
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
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

  private hasBudget(): boolean {
    const now = performance.now();
    if (this.turnStart === undefined) {
      this.turnStart = now;
      setImmediate(() => (this.turnStart = undefined));
    }
    return now - this.turnStart < this.budgetMs;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
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
