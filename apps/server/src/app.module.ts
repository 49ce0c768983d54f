import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/config.js';
import { rolesOf, type ProcessRoles } from './config/roles.js';
import type { Logger } from './logger.js';
import { CONFIG, LOGGER, PROCESS_ROLES } from './tokens.js';
import { AlertService } from './alerts/alert.service.js';
import { AuthModule } from './auth/auth.module.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { BrokerModule } from './broker/broker.module.js';
import { MqttFront } from './broker/mqtt-front.js';
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
import { IngestModule } from './ingest/ingest.module.js';
import { BalanceMonitor } from './ledger/balance-monitor.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { ReportsService } from './ledger/report/reports.service.js';
import { SHUTDOWN_STEPS, ShutdownCoordinator, type ShutdownStep } from './lifecycle/shutdown.js';
import { LiveGateway } from './live/live.gateway.js';
import { LiveModule } from './live/live.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OpenApiModule } from './openapi/openapi.module.js';
import { OwnershipModule, OwnershipService, ScaleOutModule } from './ownership/ownership.module.js';
import { RedisModule } from './redis/redis.module.js';
import { WebhookService } from './regulator/webhooks/webhook.service.js';
import { RegulatorModule } from './regulator/regulator.module.js';
import { SimControlModule } from './sim-control/sim-control.module.js';
import { SimControlService } from './sim-control/sim-control.service.js';
import { SpoolModule } from './spool/spool.module.js';
import { SpoolWriter } from './spool/spool-writer.js';
import { StateModule } from './state/state.module.js';

/** The values every module may inject: the validated configuration, the process's roles and the logger. */
@Global()
@Module({})
class CoreModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: PROCESS_ROLES, useValue: rolesOf(config) },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [CONFIG, PROCESS_ROLES, LOGGER],
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
  { why: 'stop taking messages (no new acknowledgement)', stop: [MqttFront] },
  { why: 'drain the acknowledged readings into the store', stop: [SpoolWriter] },
  {
    why: 'stop judging readings and save the detectors (scale-out: checkpoint and let go of the partitions first)',
    stop: [OwnershipService, DetectionRunner, BalanceMonitor],
  },
  { why: 'finish the monthly reports being written', stop: [ReportsService] },
  { why: 'stop deliveries, then flush alerts and their audit', stop: [WebhookService, AlertService] },
  { why: 'close the consoles and the dead letters', stop: [LiveGateway, DeadLetterStore] },
];

/**
 * The capabilities of each role besides what every process has (the state store, Redis, the sign-in guard, the
 * live gateway that emits through Redis, /health /ready /metrics). A capability shared by roles is one module,
 * imported once. Which of a shared module's timers run is the role's affair (the webhook sender, the export
 * schedule, the detection timers run only with detection).
 */
export const ROLE_MODULES: Record<'ingest' | 'detection' | 'api', DynamicModule['imports']> = {
  // the MQTT front (embedded or external broker), spool and its writer into the store, dead letters
  ingest: [BrokerModule, IngestModule, SpoolModule, DeadLetterModule],
  // detection and the alerts of its plants, the balance monitor, the webhook and provincial senders
  detection: [AlertsModule, DetectionModule, LedgerModule, RegulatorModule],
  // the HTTP API and the console: everything a person reads and changes
  api: [DeadLetterModule, AlertsModule, DetectionModule, RegulatorModule, HistoryModule, LedgerModule, OpenApiModule],
};

/** The feature modules of a process: the all-in-one list as it always was, or the union of its roles' lists. */
export function featureModules(roles: ProcessRoles, config: AppConfig): NonNullable<DynamicModule['imports']> {
  if (roles.all)
    return [
      FleetModule,
      DeadLetterModule,
      LiveModule,
      AlertsModule,
      DetectionModule,
      RegulatorModule,
      HistoryModule,
      LedgerModule,
      // the demo plant and the simulator publish to the embedded broker: all-in-one only
      SimControlModule.forRoot(config.demo),
      ...(config.demo ? [DemoModule] : []),
      OpenApiModule,
    ];
  return [
    ...new Set([FleetModule, LiveModule, ...roles.names.flatMap((r) => ROLE_MODULES[r] ?? [])]),
    // the readings log and alert actions routed to the owners (ownership/ownership.module.ts)
    ScaleOutModule.forRoot({ redisUrl: config.redisUrl }),
    ...(roles.detection ? [OwnershipModule] : []),
  ];
}

/** The composition root: one module per capability, each importing what it uses; the roles choose the features. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    const roles = rolesOf(config);
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger),
        StateModule,
        RedisModule,
        HttpModule,
        AuthModule,
        MetricsModule,
        ...featureModules(roles, config),
        HealthModule.forRoot(roles),
      ],
      providers: [{ provide: SHUTDOWN_STEPS, useValue: SHUTDOWN_ORDER }, ShutdownCoordinator],
    };
  }
}
