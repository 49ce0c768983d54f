import { Module } from '@nestjs/common';
import { BusModule } from '../bus/bus.module.js';
import { DeadLetterModule } from '../dead-letter/dead-letter.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { SpoolModule } from '../spool/spool.module.js';
import { IngestService } from './ingest.service.js';

/** Decode and validate each message against the contracts; accepted readings to the spool and the bus. */
@Module({
  imports: [FleetModule, SpoolModule, DeadLetterModule, BusModule, MetricsModule],
  providers: [IngestService],
  exports: [IngestService],
})
export class IngestModule {}
