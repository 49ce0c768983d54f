import { Module, type OnModuleDestroy, type OnModuleInit, Inject } from '@nestjs/common';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { TelemetryStore } from './telemetry-store.js';
import { EmbeddedStore } from './embedded/embedded-store.js';
import { Influxdb1Store } from './influxdb1/influxdb1-store.js';
import { Influxdb2Store } from './influxdb2/influxdb2-store.js';
import { RetryingInitStore } from './retrying-init.js';

/**
 * Picks the adapter named by `store`; loadConfig has already checked that its settings are all there. A networked
 * store may be down when the platform starts: the platform starts anyway (RetryingInitStore).
 */
export function createStore(config: AppConfig, log: Logger): TelemetryStore {
  switch (config.store) {
    case 'embedded':
      // raw points are kept a day longer than the oldest reading ingest accepts
      return new EmbeddedStore(config.dataDir, { rawDays: config.maxReadingAgeDays + 1 });
    case 'influxdb1':
      return new RetryingInitStore(
        new Influxdb1Store(influxdb1Options(config)),
        `InfluxDB 1.x at ${config.influxUrl}`,
        log,
      );
    case 'influxdb2':
      return new RetryingInitStore(
        new Influxdb2Store(influxdb2Options(config)),
        `InfluxDB 2.x at ${config.influxUrl}`,
        log,
      );
  }
}

const influxdb1Options = (config: AppConfig) => ({
  url: config.influxUrl,
  database: config.influxDatabase,
  username: config.influxUsername || undefined,
  password: config.influxPassword || undefined,
});

const influxdb2Options = (config: AppConfig) => ({
  url: config.influxUrl,
  org: config.influxOrg,
  bucket: config.influxBucket,
  token: config.influxToken,
});

@Module({
  providers: [{ provide: TelemetryStore, useFactory: createStore, inject: [CONFIG, LOGGER] }],
  exports: [TelemetryStore],
})
export class StoreModule implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(TelemetryStore) private readonly store: TelemetryStore) {}
  onModuleInit(): Promise<void> {
    return this.store.init();
  }
  onModuleDestroy(): Promise<void> {
    return this.store.close();
  }
}
