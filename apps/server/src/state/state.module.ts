import { Global, Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CONFIG } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import { StateDb, openStateDb } from './state-db.js';

/** The relational state store, opened and migrated before any capability that reads it starts. */
@Global()
@Module({
  providers: [
    {
      provide: StateDb,
      useFactory: (config: AppConfig) =>
        openStateDb({ engine: config.stateStore, dataDir: config.dataDir, postgresUrl: config.postgresUrl }),
      inject: [CONFIG],
    },
  ],
  exports: [StateDb],
})
export class StateModule implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(StateDb) private readonly state: StateDb) {}
  onModuleInit(): Promise<void> {
    return this.state.migrate();
  }
  onModuleDestroy(): Promise<void> {
    return this.state.close();
  }
}
