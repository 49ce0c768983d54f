import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import { rolesOf } from '../config/roles.js';
import type { Logger } from '../logger.js';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { AlertService } from '../alerts/alert.service.js';
import { LedgerService } from './ledger.service.js';
import { treeOf } from './meter-tree.js';
import { BALANCE_RULE, balanceActions } from './balance-alerts.js';
import { dayStart } from './day-cache.js';
import type { Stoppable } from '../lifecycle/shutdown.js';

/** a day is judged once it ended this long ago (the grace the ledger's day cache gives late readings) */
const CLOSE_GRACE_MS = 15 * 60_000;
/** a closed day is judged once no late reading for it has been stored for this long */
const QUIET_MS = 5_000;

/** The last plant-local day that ended at least the grace before `now`. */
export function lastClosedDay(now: number, zone: string): string {
  return DateTime.fromMillis(now - CLOSE_GRACE_MS, { zone })
    .minus({ days: 1 })
    .toISODate()!;
}

/**
 * Checks, every `QW_LEDGER_BALANCE_CHECK_MS`, the last closed day's balance of every parent meter and raises or
 * clears its alert (rule `ledger.balance`, kind `energy_balance`) through the alert service: at most one open per
 * parent, cleared when a later closed day is back inside the band.
 */
@Injectable()
export class BalanceMonitor implements OnModuleInit, Stoppable {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerService,
    private readonly fleet: FleetRegistry,
    private readonly alerts: AlertService,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    // balance alerts are raised by the detection role, once, not by every process that serves the ledger
    if (!rolesOf(this.config).detection) return;
    this.timer = setInterval(() => void this.check(), this.config.ledgerBalanceCheckMs);
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */

  stop(): void {
    clearInterval(this.timer);
  }

  async check(now = Date.now()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.alerts.ready;
      const date = lastClosedDay(now, this.ledger.zone);
      const start = dayStart(date, this.ledger.zone);
      const day = {
        date,
        start,
        end: DateTime.fromMillis(start, { zone: this.ledger.zone }).plus({ days: 1 }).toMillis(),
      };
      for (const plant of this.fleet.plants()) {
        // beside other detection processes, a plant's balance alerts are raised by the owner of its partition
        if (!this.alerts.ownsPlant(plant.id)) continue;
        const devices = this.fleet.devices(plant.id);
        if (!treeOf(devices).length) continue;
        // the day's readings are still arriving (a gateway catching up): judged once they stop, not on a part of them
        if (!this.ledger.days.quiet(plant.id, date, QUIET_MS)) continue;
        const r = await this.ledger.balance({ plantId: plant.id, granularity: 'day', from: date, to: date });
        const open = new Set(
          this.alerts
            .list({ plantId: plant.id, kind: 'energy_balance' })
            .filter((a) => a.rule === BALANCE_RULE && a.state !== 'resolved')
            .map((a) => a.deviceId),
        );
        for (const a of balanceActions(day, r.periods[0]?.balances ?? [], open)) {
          const device = devices.find((d) => d.id === a.parent)!;
          if (a.event.type === 'open') await this.alerts.onOpen(device, a.event);
          else await this.alerts.onClear(device, a.event);
        }
      }
    } catch (e) {
      this.log.error({ err: (e as Error).message }, 'meter-tree balance check failed');
    } finally {
      this.running = false;
    }
  }
}
