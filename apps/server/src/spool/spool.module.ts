import { Module } from '@nestjs/common';
import { BusModule } from '../bus/bus.module.js';
import { DeadLetterModule } from '../dead-letter/dead-letter.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { StoreModule } from '../store/store.module.js';
import { SpoolService, SpoolWriter } from './spool-writer.js';

/** The write-ahead spool (an acknowledged reading is on disk) and the writer that drains it into the store. */
@Module({
  imports: [FleetModule, StoreModule, DeadLetterModule, MetricsModule, BusModule],
  providers: [SpoolService, SpoolWriter],
  exports: [SpoolService, SpoolWriter],
})
export class SpoolModule {}
