import { Module } from '@nestjs/common';
import { BusModule } from '../bus/bus.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { StoreModule } from '../store/store.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { LiveGateway } from './live.gateway.js';

/** socket.io: readings, KPIs and alerts pushed to the consoles, a room per plant. */
@Module({
  imports: [FleetModule, StoreModule, BusModule, MetricsModule],
  providers: [LiveGateway],
  exports: [LiveGateway],
})
export class LiveModule {}
