import { Module } from '@nestjs/common';
import { FleetModule } from '../fleet/fleet.module.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { BrokerService } from './broker.service.js';

/** The embedded MQTT broker: CONNECT authenticated against the fleet, each PUBLISH handed to ingest. */
@Module({
  imports: [IngestModule, FleetModule, MetricsModule],
  providers: [BrokerService],
  exports: [BrokerService],
})
export class BrokerModule {}
