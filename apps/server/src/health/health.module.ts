import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { SpoolModule } from '../spool/spool.module.js';
import { StoreModule } from '../store/store.module.js';
import { HealthController } from './health.controller.js';

/** `/health`, `/ready` and `/metrics`. */
@Module({
  imports: [IngestModule, BrokerModule, SpoolModule, MetricsModule, StoreModule],
  controllers: [HealthController],
})
export class HealthModule {}
