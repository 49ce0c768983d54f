import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { DetectionModule } from '../detection/detection.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { MonitoringService } from './monitoring/monitoring.service.js';
import { PlanComplianceService } from './plan/plan-compliance.service.js';
import { RegulatorController } from './regulator.controller.js';
import { WebhookService } from './webhooks/webhook.service.js';

/** The regulators: compliance figures (equipment register, the plan), online monitoring, signed webhook deliveries. */
@Module({
  imports: [FleetModule, DetectionModule, AlertsModule, LedgerModule],
  providers: [WebhookService, PlanComplianceService, MonitoringService],
  controllers: [RegulatorController],
})
export class RegulatorModule {}
