import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { DetectionModule } from '../detection/detection.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { RegulatorController } from './regulator.controller.js';
import { WebhookService } from './webhooks/webhook.service.js';

/** The regulators: compliance figures across plants and signed webhook deliveries of alerts. */
@Module({
  imports: [FleetModule, DetectionModule, AlertsModule],
  providers: [WebhookService],
  controllers: [RegulatorController],
})
export class RegulatorModule {}
