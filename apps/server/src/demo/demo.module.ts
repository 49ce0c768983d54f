import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module.js';
import { DetectionModule } from '../detection/detection.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { DemoService } from './demo.service.js';

/** The simulated demo plant, run in-process over real MQTT (QW_DEMO). */
@Module({
  imports: [FleetModule, BrokerModule, DetectionModule],
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}
