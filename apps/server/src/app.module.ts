import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/config.js';
import type { Logger } from './logger.js';
import { CONFIG, LOGGER } from './tokens.js';
import { FleetRegistry, loadFleetFile } from './fleet/fleet-registry.js';
import { FleetOverlay } from './fleet/fleet-overlay.js';
import { FleetController } from './fleet/fleet.controller.js';
import { StoreModule } from './store/store.module.js';
import { StateModule } from './state/state.module.js';
import { LiveGateway } from './live/live.gateway.js';
import { IngestService } from './ingest/ingest.service.js';
import { BrokerService } from './broker/broker.service.js';
import { HealthController } from './health/health.controller.js';
import { DemoService } from './demo/demo.service.js';
import { ReadingsBus } from './bus/readings-bus.js';
import { Metrics } from './metrics/metrics.js';
import { SpoolService, SpoolWriter } from './spool/spool-writer.js';
import { DeadLetterStore } from './dead-letter/dead-letter.store.js';
import { DeadLetterController } from './dead-letter/dead-letter.controller.js';
import { HistoryController } from './history/history.controller.js';
import { OpenApiController } from './openapi/openapi.controller.js';
import { AlertStore } from './alerts/alert-store.js';
import { FileAlertStore } from './alerts/file-alert-store.js';
import { AlertService } from './alerts/alert.service.js';
import { AlertsController } from './alerts/alerts.controller.js';
import { DetectionRunner } from './detection/detection.runner.js';
import { DetectionController, KpisController } from './detection/kpis.controller.js';
import { RegulatorController } from './regulator/regulator.controller.js';
import { WebhookService } from './regulator/webhooks/webhook.service.js';
import { SimControlController } from './sim-control/sim-control.controller.js';
import { SimControlService } from './sim-control/sim-control.service.js';
import { LedgerController } from './ledger/ledger.controller.js';
import { LedgerService } from './ledger/ledger.service.js';
import { PlanComplianceService } from './regulator/plan/plan-compliance.service.js';
import { MonitoringService } from './regulator/monitoring/monitoring.service.js';
import { IndicatorCodec, QinwattJsonCodec } from './regulator/exporter/codec.js';
import { ExportLog } from './regulator/exporter/export-log.js';
import { IndicatorExporter } from './regulator/exporter/indicator-exporter.js';
import { OutboxIndicatorExporter } from './regulator/exporter/outbox-exporter.js';
import { ExportService } from './regulator/exporter/export.service.js';
import { StateDb } from './state/state-db.js';
import { BalanceMonitor } from './ledger/balance-monitor.js';
import { ReportsService } from './ledger/report/reports.service.js';

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
        {
          provide: FleetRegistry,
          useFactory: () => new FleetRegistry(loadFleetFile(config.fleetFile), new FleetOverlay(config.dataDir)),
        },
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
      imports: [CoreModule.forRoot(config, logger), StateModule, StoreModule],
      controllers: [
        FleetController,
        HealthController,
        DeadLetterController,
        HistoryController,
        OpenApiController,
        AlertsController,
        KpisController,
        DetectionController,
        RegulatorController,
        SimControlController,
        LedgerController,
      ],
      // order matters at shutdown: the broker stops taking messages before the writer drains the spool
      providers: [
        Metrics,
        ReadingsBus,
        LiveGateway,
        SpoolService,
        DeadLetterStore,
        IngestService,
        BrokerService,
        SpoolWriter,
        SimControlService,
        ...(config.demo ? [DemoService] : []),
        { provide: AlertStore, useFactory: () => new FileAlertStore(config.dataDir) },
        AlertService,
        DetectionRunner,
        WebhookService,
        LedgerService,
        PlanComplianceService,
        MonitoringService,
        { provide: IndicatorCodec, useClass: QinwattJsonCodec },
        { provide: ExportLog, useFactory: (s: StateDb) => new ExportLog(s), inject: [StateDb] },
        { provide: IndicatorExporter, useClass: OutboxIndicatorExporter },
        ExportService,
        ReportsService,
        BalanceMonitor,
      ],
    };
  }
}
