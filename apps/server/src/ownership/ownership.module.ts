/**
 * Scale-out mode (SCALE.md): the readings log, plant-partition ownership for detection, alert actions routed to owners.
 *
 * How it is wired (app.module, by QW_ROLES):
 * - every process whose roles are not `all` imports `ScaleOutModule.forRoot({ redisUrl })` (global): it attaches the
 *   readings log to the ReadingsBus (an ingest process's acknowledgement then waits for the Redis append) and gives
 *   AlertService its AlertRemote (the API reads alerts from the state store and routes actions to the owner);
 * - a process with the `detection` role also imports `OwnershipModule`: its DetectionRunner is fed from the owned
 *   partitions' streams instead of the in-process bus, and `OwnershipService` sits in SHUTDOWN_ORDER before
 *   DetectionRunner (an orderly stop checkpoints and lets go of every partition).
 * The all-in-one default imports neither: the bus stays synchronous and in-process, and the AlertBook holds every alert.
 */
import {
  Global,
  Inject,
  Injectable,
  Module,
  Optional,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { AlertRemote } from '../alerts/alert-command.js';
import { AlertService } from '../alerts/alert.service.js';
import { AlertsModule } from '../alerts/alerts.module.js';
import { BusModule } from '../bus/bus.module.js';
import { ReadingsBus } from '../bus/readings-bus.js';
import type { AppConfig } from '../config/config.js';
import { DetectionModule } from '../detection/detection.module.js';
import { DetectionRunner } from '../detection/detection.runner.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import type { Stoppable } from '../lifecycle/shutdown.js';
import type { Logger } from '../logger.js';
import { Readiness } from '../health/readiness.js';
import { StateDb } from '../state/state-db.js';
import { CONFIG, LOGGER } from '../tokens.js';
import { Metrics } from '../metrics/metrics.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { PartitionLocks } from './partition-locks.js';
import { PartitionOwner } from './partition-owner.js';
import { ReadingsLog } from './readings-log.js';
import { RoutedAlerts } from './routed-alerts.js';

/** the process's shared Redis connection (appends, commands, replies, trimming) */
export const REDIS = Symbol('qinwatt.redis');

/** a Redis connection that fails a command after a few reconnection attempts instead of queueing it for ever */
export const openRedis = (url: string): Redis =>
  new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true });

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Injectable()
class AttachReadingsLog implements OnModuleInit {
  constructor(
    private readonly bus: ReadingsBus,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}
  onModuleInit(): void {
    this.bus.attach(new ReadingsLog(this.redis, this.config.partitions));
  }
}

@Global()
@Module({})
export class ScaleOutModule {
  static forRoot(opts: { redisUrl: string }): DynamicModule {
    return {
      module: ScaleOutModule,
      imports: [BusModule],
      providers: [
        { provide: REDIS, useFactory: () => openRedis(opts.redisUrl) },
        RedisLifecycle,
        AttachReadingsLog,
        {
          provide: AlertRemote,
          useFactory: (state: StateDb, redis: Redis, config: AppConfig) =>
            new RoutedAlerts(state, redis, config.partitions),
          inject: [StateDb, REDIS, CONFIG],
        },
      ],
      exports: [REDIS, AlertRemote],
    };
  }
}

/** The detection role's share of the plant partitions, as a capability with a start and an orderly stop. */
@Injectable()
export class OwnershipService implements OnApplicationBootstrap, Stoppable {
  readonly owner: PartitionOwner;
  private readonly reader: Redis;
  private started?: Promise<void>;

  constructor(
    private readonly runner: DetectionRunner,
    alerts: AlertService,
    fleet: FleetRegistry,
    state: StateDb,
    @Inject(REDIS) redis: Redis,
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    metrics: Metrics,
    @Optional() readiness?: Readiness,
  ) {
    // before any lifecycle hook: the runner must not start judging the in-process bus
    runner.useLog();
    this.reader = redis.duplicate();
    this.owner = new PartitionOwner(
      {
        runner,
        alerts,
        state,
        plants: () => fleet.plants().map((p) => p.id),
        locks: () => new PartitionLocks(config.postgresUrl),
        redis,
        reader: this.reader,
        log,
      },
      { partitions: config.partitions },
    );
    metrics.sample(metrics.partitionsOwned, () => this.owner.partitions().length);
    readiness?.register('detection', 'ownership', () =>
      this.owner.connected ? undefined : 'no ownership connection to PostgreSQL: this process owns no partition',
    );
  }

  onApplicationBootstrap(): void {
    // not awaited: the runner's own bootstrap hook may come after this one
    this.started = this.runner.started.then(() => this.owner.start());
    this.started.catch((e: Error) => this.log.error({ err: e.message }, 'detection ownership could not start'));
  }

  async stop(): Promise<void> {
    await this.started?.catch(() => undefined);
    await this.owner.stop();
    this.reader.disconnect();
  }
}

@Module({
  imports: [DetectionModule, AlertsModule, FleetModule, MetricsModule],
  providers: [OwnershipService],
  exports: [OwnershipService],
})
export class OwnershipModule {}
