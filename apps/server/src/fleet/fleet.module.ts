import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { CONFIG } from '../tokens.js';
import { FleetOverlay } from './fleet-overlay.js';
import { FleetController } from './fleet.controller.js';
import { FleetRegistry, loadFleetFile } from './fleet-registry.js';

/** The fleet registry (plants, devices, gateways and their credentials' hashes) and its API. */
@Module({
  providers: [
    {
      provide: FleetRegistry,
      useFactory: (config: AppConfig) =>
        new FleetRegistry(loadFleetFile(config.fleetFile), new FleetOverlay(config.dataDir)),
      inject: [CONFIG],
    },
  ],
  controllers: [FleetController],
  exports: [FleetRegistry],
})
export class FleetModule {}
