import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { join } from 'node:path';
import { TelemetryStore } from '../store/telemetry-store.js';
import { Metrics } from '../metrics/metrics.js';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { Spool } from './spool.js';

const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 10_000;
/** at boot, how long the backlog of a previous run may delay readiness before it is drained in the background */
const BOOT_REPLAY_MS = 5_000;
/** at shutdown, how long the writer keeps draining once the broker has stopped taking messages */
const SHUTDOWN_DRAIN_MS = 2_000;

/** The spool as a Nest provider: opened at boot (replaying what a previous run left), closed at shutdown. */
@Injectable()
export class SpoolService extends Spool {
  constructor(@Inject(CONFIG) config: AppConfig, metrics: Metrics) {
    super({
      dir: join(config.dataDir, 'spool'),
      maxBytes: config.spoolMaxBytes,
      onCommit: (_lines, readings, seconds) => {
        metrics.fsyncs.inc();
        metrics.spooled.inc(readings);
        metrics.commitSeconds.observe(seconds);
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
export class SpoolWriter implements OnModuleInit, OnModuleDestroy {
  private stopping = false;
  private loop?: Promise<void>;
  private failures = 0;
  private sleepTimer?: NodeJS.Timeout;
  private wakeSleep?: () => void;
  storeReachable = true;

  constructor(
    private readonly spool: SpoolService,
    @Inject(TelemetryStore) private readonly store: TelemetryStore,
    private readonly metrics: Metrics,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
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
    while (!this.stopping) {
      await this.spool.whenReadable();
      if (this.stopping) break;
      try {
        const batch = await this.spool.read(this.config.storeBatchSize);
        if (batch.readings.length === 0) {
          this.spool.release(batch.end, 0);
          continue;
        }
        const stopTimer = this.metrics.writeSeconds.startTimer();
        await this.store.write(batch.readings);
        stopTimer();
        this.spool.release(batch.end, batch.readings.length);
        this.metrics.written.inc(batch.readings.length);
        if (this.failures > 0) this.log.info({ after: this.failures }, 'store writes resumed');
        this.failures = 0;
        this.storeReachable = true;
      } catch (e) {
        this.metrics.writeFailures.inc();
        this.storeReachable = false;
        const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.failures) * (0.5 + Math.random() / 2);
        this.failures++;
        this.log.warn(
          { err: (e as Error).message, attempt: this.failures, retryInMs: Math.round(delay) },
          'spool to store failed; readings stay in the spool',
        );
        await this.sleep(delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeSleep = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    });
  }

  async onModuleDestroy(): Promise<void> {
    // the broker has stopped taking messages (it is destroyed first); store what is spooled, briefly
    const deadline = Date.now() + SHUTDOWN_DRAIN_MS;
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
