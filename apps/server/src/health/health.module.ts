import { Module, type DynamicModule } from '@nestjs/common';
import type { ProcessRoles } from '../config/roles.js';
import { BrokerModule } from '../broker/broker.module.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { SpoolModule } from '../spool/spool.module.js';
import { StoreModule } from '../store/store.module.js';
import { HealthController } from './health.controller.js';
import { IngestChecks } from './ingest-checks.js';
import { Readiness } from './readiness.js';
import { SharedStateChecks } from './shared-checks.js';

/**
 * `/health`, `/ready` and `/metrics`, in every process. Readiness is global: a role's capabilities register their
 * checks in it (the ingest checks here, where the process runs ingest).
 */
@Module({})
export class HealthModule {
  static forRoot(roles: ProcessRoles): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: [MetricsModule, ...(roles.ingest ? [IngestModule, BrokerModule, SpoolModule, StoreModule] : [])],
      providers: [
        {
          provide: Readiness,
          useFactory: () => {
            const r = new Readiness();
            if (roles.all) r.plainNames();
            return r;
          },
        },
        ...(roles.ingest ? [IngestChecks] : []),
        SharedStateChecks,
      ],
      controllers: [HealthController],
      exports: [Readiness],
    };
  }
}
