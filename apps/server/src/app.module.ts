import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/config.js';
import type { Logger } from './logger.js';
import { CONFIG, LOGGER } from './tokens.js';
import { FleetRegistry, loadFleetFile } from './fleet/fleet-registry.js';
import { FleetController } from './fleet/fleet.controller.js';
import { StoreModule } from './store/store.module.js';
import { LiveGateway } from './live/live.gateway.js';
import { IngestService } from './ingest/ingest.service.js';
import { BrokerService } from './broker/broker.service.js';
import { HealthController } from './health/health.controller.js';
import { DemoService } from './demo/demo.service.js';
import { ReadingsBus } from './bus/readings-bus.js';
import { HistoryController } from './history/history.controller.js';
import { OpenApiController } from './openapi/openapi.controller.js';
import { SimControlController } from './sim-control/sim-control.controller.js';
import { SimControlService } from './sim-control/sim-control.service.js';

/** Global values every module may inject: the validated configuration, the logger, the fleet registry. */
@Module({})
class CoreModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: FleetRegistry, useFactory: () => new FleetRegistry(loadFleetFile(config.fleetFile)) },
      ],
      exports: [CONFIG, LOGGER, FleetRegistry],
    };
  }
}

/** The composition root: every capability is one module or provider listed here. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config, logger), StoreModule],
      controllers: [FleetController, HealthController, HistoryController, OpenApiController, SimControlController],
      providers: [
        ReadingsBus,
        LiveGateway,
        IngestService,
        BrokerService,
        SimControlService,
        ...(config.demo ? [DemoService] : []),
      ],
    };
  }
}
