import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { StoreModule } from '../store/store.module.js';
import { HistoryController } from './history.controller.js';
import { DetectionModule } from '../detection/detection.module.js';
import { FaultLogModule } from '../sim-control/fault-log.js';

/** A device's metrics or KPIs over a time range, from the telemetry store. */
@Module({
  imports: [FleetModule, StoreModule, AlertsModule, DetectionModule, FaultLogModule],
  controllers: [HistoryController],
})
export class HistoryModule {}
