import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { StateDb, openStateDb } from './state-db.js';
import { importOldFiles } from './import-files.js';

/**
 * The relational state store, opened, migrated and given the files of earlier versions before any capability that
 * reads it is created. Closed last, after every capability has written what it still held.
 */
@Global()
@Module({
  providers: [
    {
      provide: StateDb,
      useFactory: async (config: AppConfig, log: Logger) => {
        const state = openStateDb({
          engine: config.stateStore,
          dataDir: config.dataDir,
          postgresUrl: config.postgresUrl,
        });
        try {
          await state.migrate();
          const imported = await importOldFiles(state, config.dataDir);
          if (Object.keys(imported).length) log.info({ imported }, 'state store: files of an earlier version imported');
        } catch (e) {
          await state.close();
          throw e;
        }
        return state;
      },
      inject: [CONFIG, LOGGER],
    },
  ],
  exports: [StateDb],
})
export class StateModule implements OnApplicationShutdown {
  constructor(@Inject(StateDb) private readonly state: StateDb) {}
  onApplicationShutdown(): Promise<void> {
    return this.state.close();
  }
}
