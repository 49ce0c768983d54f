import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { join } from 'node:path';
import { parseTelemetryTopic, topics, type Reading } from '#contracts';
import { StoreRejection, TelemetryStore } from '../store/telemetry-store.js';
import { Metrics } from '../metrics/metrics.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { Spool, type SpoolBatch } from './spool.js';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { DeadLetterStore } from '../dead-letter/dead-letter.store.js';
import { decodeMessage } from '../ingest/decode-message.js';
import { ReadingsBus } from '../bus/readings-bus.js';
import type { Stoppable } from '../lifecycle/shutdown.js';

const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 10_000;
/** at boot, how long the backlog of a previous run may delay readiness before it is drained in the background */
const BOOT_REPLAY_MS = 5_000;
/** at shutdown, how long the writer keeps draining once the broker has stopped taking messages */
const SHUTDOWN_DRAIN_MS = 2_000;
/**
 * How long readings committed to the spool may wait for more to share their store write. Each write is a request
 * with its own fixed cost; at 15,000 readings/s from gateways the writer otherwise sent one per group commit (about
 * 75 readings each). Telegraf and the InfluxDB clients wait up to a second; a short wait keeps the store current.
 */
const STORE_LINGER_MS = 50;
/** store writes on their way at once: as many as the raw InfluxDB write reference keeps in flight (bench/) */
const WRITES_IN_FLIGHT = 4;

/**
 * The spool as a Nest provider: opened at boot (replaying what a previous run left), closed at shutdown. Messages
 * read back from disk are decoded again as ingest decoded them; one that no longer yields the readings it was
 * acknowledged for (its device left the fleet while the server was down) is kept as dead letters, not dropped.
 */
@Injectable()
export class SpoolService extends Spool {
  constructor(
    @Inject(CONFIG) config: AppConfig,
    metrics: Metrics,
    fleet: FleetRegistry,
    deadLetters: DeadLetterStore,
    @Inject(LOGGER) log: Logger,
  ) {
    super({
      dir: join(config.dataDir, 'spool'),
      maxBytes: config.spoolMaxBytes,
      onCommit: (_messages, readings, seconds) => {
        metrics.fsyncs.inc();
        metrics.spooled.inc(readings);
        metrics.commitSeconds.observe(seconds);
      },
      decode: (m) => {
        const topic = parseTelemetryTopic(m.topic);
        if (!topic) return { readings: [], rejections: [{ reason: 'BAD_TOPIC', detail: 'not a telemetry topic' }] };
        return decodeMessage(fleet, topic, m.payload, m.receivedAt, config.maxReadingAgeDays * 86_400_000);
      },
      onReplayMismatch: (m, decoded) => {
        log.warn({ topic: m.topic, acknowledged: m.readings, decoded: decoded.readings.length }, 'spool replay');
        const topic = parseTelemetryTopic(m.topic);
        for (const rej of decoded.rejections)
          void deadLetters
            .record({
              receivedAt: m.receivedAt,
              topic: m.topic,
              clientId: '',
              plantId: topic?.plantId,
              deviceId: rej.deviceId,
              reason: rej.reason,
              detail: `on spool replay: ${rej.detail}`,
              ...(rej.index !== undefined ? { index: rej.index } : {}),
              raw: m.payload,
            })
            .catch((e: Error) => log.error({ err: e.message }, 'dead-letter write failed'));
      },
    });
  }
}

/**
 * Drains the spool into the TelemetryStore in batches. A failed write is retried, same batch, with exponential
 * backoff (100 ms doubling to 10 s, with jitter so several servers do not hammer a recovering store in step);
 * meanwhile the spool keeps taking readings until its bound, then acknowledgements wait.
 */
@Injectable()
export class SpoolWriter implements OnModuleInit, Stoppable {
  private stopping = false;
  /** shutting down: a part batch goes at once */
  private draining = false;
  /** when the writer first saw the unread readings it has not handed on yet (performance.now) */
  private unreadSince?: number;
  /** STORE_LINGER_MS; a test may change it */
  lingerMs = STORE_LINGER_MS;
  private loop?: Promise<void>;
  private failures = 0;
  private sleepTimer?: NodeJS.Timeout;
  private wakeSleep?: () => void;
  storeReachable = true;
  /** the last failed write's error while the store is unreachable, for /ready */
  storeProblem?: string;

  constructor(
    private readonly spool: SpoolService,
    @Inject(TelemetryStore) private readonly store: TelemetryStore,
    private readonly deadLetters: DeadLetterStore,
    private readonly metrics: Metrics,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly bus: ReadingsBus,
  ) {
    metrics.sample(metrics.spoolPending, () => spool.pendingReadings);
    metrics.sample(metrics.spoolBytes, () => spool.pendingBytes);
    metrics.sample(metrics.ackWaiting, () => spool.waitingForSpace);
  }

  async onModuleInit(): Promise<void> {
    await this.spool.open();
    if (this.spool.pendingReadings > 0)
      this.log.info({ readings: this.spool.pendingReadings, bytes: this.spool.pendingBytes }, 'replaying spool');
    this.loop = this.run();
    const deadline = Date.now() + BOOT_REPLAY_MS;
    while (this.spool.pendingReadings > 0 && this.failures === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
  }

  private async run(): Promise<void> {
    const inFlight: Array<{ batch: SpoolBatch; done: Promise<Error | undefined> }> = [];
    while (!this.stopping) {
      // keep up to WRITES_IN_FLIGHT batches on their way to the store, so that serialising the next batch and the
      // store's work on the previous ones overlap; they are released strictly in order
      let failed: Error | undefined;
      try {
        while (inFlight.length < WRITES_IN_FLIGHT && this.spool.hasUnread()) {
          // a part batch waits up to STORE_LINGER_MS for more to join it
          if (this.unread(inFlight) < this.config.storeBatchSize && !this.lingered()) break;
          const batch = await this.spool.read(this.config.storeBatchSize);
          if (batch.readings.length === 0) break;
          const stopTimer = this.metrics.writeSeconds.startTimer();
          const done = this.store.write(batch.readings).then(
            () => void stopTimer(),
            (e: Error) => e,
          );
          inFlight.push({ batch, done });
          this.unreadSince = undefined;
        }
      } catch (e) {
        failed = e as Error; // the spool file could not be read: same treatment as a failed write
      }
      if (!failed && inFlight.length === 0) {
        await (this.spool.hasUnread() ? this.lingerOrCommit() : this.spool.whenReadable());
        continue;
      }
      const head = inFlight[0];
      if (!failed) {
        const more = inFlight.length < WRITES_IN_FLIGHT ? this.lingerOrCommit() : undefined;
        const first = await (more ? Promise.race([head.done, more.then(() => 'more' as const)]) : head.done);
        if (first === 'more') continue;
        failed = first;
      }
      if (!failed) {
        inFlight.shift();
        this.spool.release(head.batch.end, head.batch.readings.length);
        this.metrics.written.inc(head.batch.readings.length);
        this.bus.stored(head.batch.readings);
        if (this.failures > 0) this.log.info({ after: this.failures }, 'store writes resumed');
        this.failures = 0;
        this.storeReachable = true;
        this.storeProblem = undefined;
        continue;
      }
      // the batches after the failed one may have landed or not: wait for them, then write again from the
      // checkpoint (writes are idempotent, so a batch written twice is still one point per reading)
      await Promise.all(inFlight.map((w) => w.done));
      inFlight.length = 0;
      this.spool.rewind();
      if (failed instanceof StoreRejection) {
        const outage = await this.isolate(head.batch.readings).then(
          () => undefined,
          (e: Error) => e,
        );
        if (!outage) {
          this.spool.release(head.batch.end, head.batch.readings.length);
          this.spool.rewind();
          continue;
        }
        failed = outage;
      }
      this.metrics.writeFailures.inc();
      this.storeReachable = false;
      this.storeProblem = failed.message;
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.failures) * (0.5 + Math.random() / 2);
      this.failures++;
      this.log.warn(
        { err: failed.message, attempt: this.failures, retryInMs: Math.round(delay) },
        'spool to store failed; readings stay in the spool',
      );
      await this.sleep(delay);
    }
    await Promise.all(inFlight.map((w) => w.done));
  }

  /**
   * True once the oldest unread readings have waited `lingerMs` (or at shutdown). Their PUBACKs went out at
   * their fsync: the wait delays only when the store holds them.
   */
  private lingered(): boolean {
    if (this.draining) return true;
    const now = performance.now();
    this.unreadSince ??= now;
    return now - this.unreadSince >= this.lingerMs;
  }

  /** Resolves at the next commit or when the part batch waiting has lingered long enough. */
  private lingerOrCommit(): Promise<unknown> {
    const left = this.lingerMs - (performance.now() - (this.unreadSince ?? performance.now()));
    let timer: NodeJS.Timeout | undefined;
    const linger = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, left))));
    return Promise.race([linger, this.spool.whenCommitted()]).finally(() => clearTimeout(timer));
  }

  /** readings committed to the spool and not yet handed to the store */
  private unread(inFlight: ReadonlyArray<{ batch: SpoolBatch }>): number {
    let n = this.spool.pendingReadings;
    for (const w of inFlight) n -= w.batch.readings.length;
    return n;
  }

  /**
   * Writes a batch the store refused in halves, down to the single readings it refuses, which become dead letters
   * (STORE_REJECTED). Rejects if the store fails otherwise meanwhile (an outage: the batch is retried as a whole).
   */
  private async isolate(readings: readonly Reading[]): Promise<void> {
    if (readings.length === 1) return this.reject(readings[0], await this.tryWrite(readings));
    const mid = readings.length >> 1;
    for (const half of [readings.slice(0, mid), readings.slice(mid)]) {
      const refused = await this.tryWrite(half);
      if (refused) await this.isolate(half);
    }
  }

  /** undefined when written, the rejection when refused; any other failure propagates */
  private async tryWrite(readings: readonly Reading[]): Promise<StoreRejection | undefined> {
    try {
      await this.store.write(readings);
      this.metrics.written.inc(readings.length);
      this.bus.stored(readings);
      return undefined;
    } catch (e) {
      if (e instanceof StoreRejection) return e;
      throw e;
    }
  }

  private async reject(r: Reading, why: StoreRejection | undefined): Promise<void> {
    if (!why) return;
    this.metrics.rejected.inc({ reason: 'STORE_REJECTED' });
    this.log.warn({ plantId: r.plantId, deviceId: r.deviceId, ts: r.ts, err: why.message }, 'store refused a reading');
    await this.deadLetters.record({
      receivedAt: Date.now(),
      topic: topics.deviceTelemetry(r.plantId, r.deviceId),
      clientId: '',
      plantId: r.plantId,
      deviceId: r.deviceId,
      reason: 'STORE_REJECTED',
      detail: why.message,
      raw: Buffer.from(JSON.stringify(r)),
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeSleep = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    });
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */

  async stop(): Promise<void> {
    // the broker has stopped taking messages (it is destroyed first); store what is spooled, briefly
    const deadline = Date.now() + SHUTDOWN_DRAIN_MS;
    this.draining = true;
    this.spool.interrupt();
    while (this.spool.pendingReadings > 0 && this.failures === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    this.stopping = true;
    clearTimeout(this.sleepTimer);
    this.wakeSleep?.();
    this.spool.interrupt();
    await this.loop;
    await this.spool.close();
  }
}
