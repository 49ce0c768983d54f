import type { Reading } from '#contracts';
import type { Logger } from '../logger.js';
import {
  TelemetryStore,
  type Bucket,
  type RangeQuery,
  type Rollup,
  type SeriesPoint,
  type SeriesQuery,
} from './telemetry-store.js';

const RETRY_FIRST_MS = 500;
/** the same ceiling as the spool writer's backoff: a store that comes back is used within seconds */
const RETRY_MAX_MS = 10_000;

/**
 * A networked store that need not answer at boot. Its `init` (create the database, retention policies, rollups)
 * is tried once at boot; when that fails the platform starts anyway and takes readings into the spool, the store's
 * operations fail as in an outage (the spool writer retries them with backoff, `/ready` says why), and `init` is
 * retried in the background until it succeeds. From then on every call goes straight to the adapter.
 */
export class RetryingInitStore extends TelemetryStore {
  private initialised = false;
  private closed = false;
  private timer?: NodeJS.Timeout;
  private attempts = 0;
  /** why the store cannot be used yet; undefined once initialised */
  problem?: string;

  constructor(
    private readonly inner: TelemetryStore,
    private readonly name: string,
    private readonly log: Logger,
  ) {
    super();
  }

  async init(): Promise<void> {
    if (await this.tryInit()) return;
    this.log.warn(
      { store: this.name, err: this.problem },
      'store unreachable at boot: starting without it; readings are kept in the spool until it answers',
    );
    this.schedule();
  }

  private async tryInit(): Promise<boolean> {
    try {
      await this.inner.init();
      this.initialised = true;
      this.problem = undefined;
      return true;
    } catch (e) {
      this.problem = (e as Error).message;
      return false;
    }
  }

  private schedule(): void {
    const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.attempts++) * (0.5 + Math.random() / 2);
    this.timer = setTimeout(() => {
      void this.tryInit().then((ok) => {
        if (this.closed) return;
        if (ok) this.log.info({ store: this.name, after: this.attempts }, 'store reachable: initialised');
        else this.schedule();
      });
    }, delay);
    this.timer.unref();
  }

  private ready(): void {
    if (!this.initialised) throw new Error(`${this.name} not initialised yet: ${this.problem ?? 'starting'}`);
  }

  async write(readings: readonly Reading[]): Promise<void> {
    this.ready();
    return this.inner.write(readings);
  }

  async writePoints(measurement: string, points: readonly SeriesPoint[]): Promise<void> {
    this.ready();
    return this.inner.writePoints(measurement, points);
  }

  async latest(plantId?: string): Promise<Reading[]> {
    this.ready();
    return this.inner.latest(plantId);
  }

  async range(q: RangeQuery): Promise<Reading[]> {
    this.ready();
    return this.inner.range(q);
  }

  async points(q: SeriesQuery): Promise<SeriesPoint[]> {
    this.ready();
    return this.inner.points(q);
  }

  async aggregate(q: SeriesQuery, resolution: Rollup): Promise<Bucket[]> {
    this.ready();
    return this.inner.aggregate(q, resolution);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.initialised) await this.inner.close();
  }
}
