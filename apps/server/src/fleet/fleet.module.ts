import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { CONFIG } from '../tokens.js';
import { StateDb } from '../state/state-db.js';
import { FleetChanges } from './fleet-changes.js';
import { FleetController } from './fleet.controller.js';
import { FleetRegistry, loadFleetFile } from './fleet-registry.js';

/** The fleet registry (plants, devices, gateways and their credentials' hashes) and its API. */
@Module({
  providers: [
    {
      provide: FleetRegistry,
      useFactory: (config: AppConfig, state: StateDb) =>
        FleetRegistry.open(loadFleetFile(config.fleetFile), new FleetChanges(state)),
      inject: [CONFIG, StateDb],
    },
  ],
  controllers: [FleetController],
  exports: [FleetRegistry],
})
export class FleetModule {}
