import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { DetectionModule } from '../detection/detection.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { MonitoringService } from './monitoring/monitoring.service.js';
import { PlanComplianceService } from './plan/plan-compliance.service.js';
import { RegulatorController } from './regulator.controller.js';
import { WebhookService } from './webhooks/webhook.service.js';
import { StateDb } from '../state/state-db.js';
import { IndicatorCodec, QinwattJsonCodec } from './exporter/codec.js';
import { ExportLog } from './exporter/export-log.js';
import { IndicatorExporter } from './exporter/indicator-exporter.js';
import { OutboxIndicatorExporter } from './exporter/outbox-exporter.js';
import { ExportService } from './exporter/export.service.js';

/** The regulators: compliance figures (equipment register, the plan), online monitoring, signed webhook deliveries, the provincial export. */
@Module({
  imports: [FleetModule, DetectionModule, AlertsModule, LedgerModule],
  providers: [
    WebhookService,
    PlanComplianceService,
    MonitoringService,
    // the codec is the one place a site replaces (GB/T 37947 is not public): docs/regulator.md
    { provide: IndicatorCodec, useClass: QinwattJsonCodec },
    { provide: ExportLog, useFactory: (s: StateDb) => new ExportLog(s), inject: [StateDb] },
    { provide: IndicatorExporter, useClass: OutboxIndicatorExporter },
    ExportService,
  ],
  controllers: [RegulatorController],
})
export class RegulatorModule {}
