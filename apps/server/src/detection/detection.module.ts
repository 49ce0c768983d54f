import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { BusModule } from '../bus/bus.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { LiveModule } from '../live/live.module.js';
import { DetectionRunner } from './detection.runner.js';
import { DetectionController, KpisController } from './kpis.controller.js';

/** KPIs, grades and drift per device from the readings, opening and clearing alerts; re-learn and register API. */
@Module({
  imports: [FleetModule, BusModule, AlertsModule, LiveModule],
  providers: [DetectionRunner],
  controllers: [KpisController, DetectionController],
  exports: [DetectionRunner],
})
export class DetectionModule {}
