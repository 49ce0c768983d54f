import { Module, type DynamicModule } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module.js';
import { DemoModule } from '../demo/demo.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { SimControlController } from './sim-control.controller.js';
import { SimControlService } from './sim-control.service.js';
import { FaultLogModule } from './fault-log.js';

/** Simulator control: scenarios, replays and faults, on the platform's own broker and the demo plant if it runs. */
@Module({})
export class SimControlModule {
  static forRoot(withDemo: boolean): DynamicModule {
    return {
      module: SimControlModule,
      imports: [FleetModule, BrokerModule, FaultLogModule, ...(withDemo ? [DemoModule] : [])],
      providers: [SimControlService],
      controllers: [SimControlController],
    };
  }
}
