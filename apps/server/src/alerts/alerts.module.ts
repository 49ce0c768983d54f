import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module.js';
import { StateDb } from '../state/state-db.js';
import { AlertStore } from './alert-store.js';
import { AlertService } from './alert.service.js';
import { AlertsController } from './alerts.controller.js';
import { SqlAlertStore } from './sql-alert-store.js';

/** Alerts with their ISA-18.2 lifecycle and audit trail, kept and pushed live, and their API. */
@Module({
  imports: [LiveModule],
  providers: [
    { provide: AlertStore, useFactory: (state: StateDb) => new SqlAlertStore(state), inject: [StateDb] },
    AlertService,
  ],
  controllers: [AlertsController],
  exports: [AlertService],
})
export class AlertsModule {}
