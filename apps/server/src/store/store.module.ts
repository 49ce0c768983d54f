import { Module, type OnModuleDestroy, type OnModuleInit, Inject } from '@nestjs/common';
import { CONFIG } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import { TelemetryStore } from './telemetry-store.js';
import { EmbeddedStore } from './embedded/embedded-store.js';
import { Influxdb1Store } from './influxdb1/influxdb1-store.js';
import { Influxdb2Store } from './influxdb2/influxdb2-store.js';

/** Picks the adapter named by `store`; loadConfig has already checked that its settings are all there. */
export function createStore(config: AppConfig): TelemetryStore {
  switch (config.store) {
    case 'embedded':
      return new EmbeddedStore(config.dataDir);
    case 'influxdb1':
      return new Influxdb1Store({
        url: config.influxUrl,
        database: config.influxDatabase,
        username: config.influxUsername || undefined,
        password: config.influxPassword || undefined,
      });
    case 'influxdb2':
      return new Influxdb2Store({
        url: config.influxUrl,
        org: config.influxOrg,
        bucket: config.influxBucket,
        token: config.influxToken,
      });
  }
}

@Module({
  providers: [{ provide: TelemetryStore, useFactory: createStore, inject: [CONFIG] }],
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
