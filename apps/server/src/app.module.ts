import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/config.js';
import type { Logger } from './logger.js';
import { CONFIG, LOGGER } from './tokens.js';
import { AlertService } from './alerts/alert.service.js';
import { AuthModule } from './auth/auth.module.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { BrokerService } from './broker/broker.service.js';
import { DeadLetterModule } from './dead-letter/dead-letter.module.js';
import { DeadLetterStore } from './dead-letter/dead-letter.store.js';
import { DemoModule } from './demo/demo.module.js';
import { DemoService } from './demo/demo.service.js';
import { DetectionModule } from './detection/detection.module.js';
import { DetectionRunner } from './detection/detection.runner.js';
import { FleetModule } from './fleet/fleet.module.js';
import { HealthModule } from './health/health.module.js';
import { HistoryModule } from './history/history.module.js';
import { HttpModule } from './http/http.module.js';
import { BalanceMonitor } from './ledger/balance-monitor.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { LedgerService } from './ledger/ledger.service.js';
import { ReportsService } from './ledger/report/reports.service.js';
import { SHUTDOWN_STEPS, ShutdownCoordinator, type ShutdownStep } from './lifecycle/shutdown.js';
import { LiveGateway } from './live/live.gateway.js';
import { LiveModule } from './live/live.module.js';
import { OpenApiModule } from './openapi/openapi.module.js';
import { OwnershipService } from './ownership/ownership.module.js';
import { WebhookService } from './regulator/webhooks/webhook.service.js';
import { RegulatorModule } from './regulator/regulator.module.js';
import { SimControlModule } from './sim-control/sim-control.module.js';
import { SimControlService } from './sim-control/sim-control.service.js';
import { SpoolWriter } from './spool/spool-writer.js';
import { StateModule } from './state/state.module.js';

/** The values every module may inject: the validated configuration and the logger. */
@Global()
@Module({})
class CoreModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [CONFIG, LOGGER],
    };
  }
}

/**
 * The order the platform stops in. No acknowledged reading may be lost: what produces readings stops first, then
 * the broker stops taking messages, and only then does the spool writer drain what was acknowledged into the store;
 * detection, alerts and their deliveries then save their state, and the live console, the dead letters go last.
 * The telemetry store and the state store are closed after all of these, by their own modules.
 */
export const SHUTDOWN_ORDER: ShutdownStep[] = [
  { why: 'stop producing simulated readings', stop: [DemoService, SimControlService] },
  { why: 'stop taking messages (no new acknowledgement)', stop: [BrokerService] },
  { why: 'drain the acknowledged readings into the store', stop: [SpoolWriter] },
  {
    why: 'stop judging readings and save the detectors (scale-out: checkpoint and let go of the partitions first)',
    stop: [OwnershipService, DetectionRunner, BalanceMonitor],
  },
  { why: 'finish the ledger and its reports', stop: [ReportsService, LedgerService] },
  { why: 'stop deliveries, then flush alerts and their audit', stop: [WebhookService, AlertService] },
  { why: 'close the consoles and the dead letters', stop: [LiveGateway, DeadLetterStore] },
];

/** The composition root: one module per capability, each importing what it uses. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger),
        StateModule,
        HttpModule,
        AuthModule,
        FleetModule,
        DeadLetterModule,
        LiveModule,
        AlertsModule,
        DetectionModule,
        RegulatorModule,
        HistoryModule,
        HealthModule,
        LedgerModule,
        SimControlModule.forRoot(config.demo),
        ...(config.demo ? [DemoModule] : []),
        OpenApiModule,
      ],
      providers: [{ provide: SHUTDOWN_STEPS, useValue: SHUTDOWN_ORDER }, ShutdownCoordinator],
    };
  }
}
