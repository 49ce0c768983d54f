import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { BusModule } from '../bus/bus.module.js';
import { FleetModule } from '../fleet/fleet.module.js';
import { StoreModule } from '../store/store.module.js';
import { BalanceMonitor } from './balance-monitor.js';
import { LedgerController } from './ledger.controller.js';
import { LedgerService } from './ledger.service.js';
import { ReportsService } from './report/reports.service.js';

/** The energy and carbon ledger: figures per period, entries made by hand, meter balances, monthly reports. */
@Module({
  imports: [FleetModule, StoreModule, BusModule, AlertsModule],
  providers: [LedgerService, ReportsService, BalanceMonitor],
  controllers: [LedgerController],
  exports: [LedgerService],
})
export class LedgerModule {}
