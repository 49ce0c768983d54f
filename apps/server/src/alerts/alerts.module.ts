import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { LiveModule } from '../live/live.module.js';
import { CONFIG } from '../tokens.js';
import { AlertStore } from './alert-store.js';
import { AlertService } from './alert.service.js';
import { AlertsController } from './alerts.controller.js';
import { FileAlertStore } from './file-alert-store.js';

/** Alerts with their ISA-18.2 lifecycle and audit trail, kept and pushed live, and their API. */
@Module({
  imports: [LiveModule],
  providers: [
    { provide: AlertStore, useFactory: (config: AppConfig) => new FileAlertStore(config.dataDir), inject: [CONFIG] },
    AlertService,
  ],
  controllers: [AlertsController],
  exports: [AlertService],
})
export class AlertsModule {}
