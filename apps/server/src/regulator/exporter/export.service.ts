import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { ExportDelivery, ExportLogQuery, ExportRequest } from '#contracts';
import { FleetRegistry } from '../../fleet/fleet-registry.js';
import { CONFIG, LOGGER } from '../../tokens.js';
import type { AppConfig } from '../../config/config.js';
import { rolesOf } from '../../config/roles.js';
import type { Logger } from '../../logger.js';
import { MonitoringQueryError, MonitoringService } from '../monitoring/monitoring.service.js';
import { dueExports, lookBackFrom } from './due.js';
import { ExportLog } from './export-log.js';
import { StateDb } from '../../state/state-db.js';
import { runAlone } from '../../state/run-alone.js';
import { IndicatorExporter } from './indicator-exporter.js';

/**
 * The provincial export on its schedule: every `exportCheckMs` it pushes each enterprise's closed days and the
 * closed previous month to the platforms that take them and have not had them (`due.ts`); `push` sends one again
 * on request (figures corrected after late data).
 */
/** the advisory-lock key of the export schedule ("qwex" in ASCII) */
const EXPORT_LOCK = 0x71776578;

@Injectable()
export class ExportService implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly fleet: FleetRegistry,
    private readonly monitoring: MonitoringService,
    private readonly exporter: IndicatorExporter,
    private readonly log: ExportLog,
    private readonly state: StateDb,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // the schedule runs with the senders (detection); an api process pushes only on request
    if (this.config.exportCheckMs <= 0 || !rolesOf(this.config).detection) return;
    this.timer = setInterval(() => {
      // several detection processes run the schedule on PostgreSQL: one pass at a time across them, so the next one
      // finds in the log what the previous queued and does not queue it again
      this.running ??= runAlone(this.state, EXPORT_LOCK, () => this.tick())
        .then(() => undefined)
        .catch((e: Error) => this.logger.warn({ err: e.message }, 'provincial export check failed'))
        .finally(() => (this.running = undefined));
    }, this.config.exportCheckMs);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass of the schedule; resolves with what it queued. */
  async tick(now = Date.now()): Promise<ExportDelivery[]> {
    const enterprises = this.fleet.enterprises().flatMap((e) => {
      const plants = this.plantsOf(e.id);
      const daily = this.exporter.targets('daily', plants);
      const monthly = this.exporter.targets('monthly', plants);
      return plants.length && (daily.length || monthly.length) ? [{ id: e.id, daily, monthly }] : [];
    });
    if (!enterprises.length) return [];
    const done = await this.log.queuedSince(lookBackFrom(now, this.monitoring.zone));
    const out: ExportDelivery[] = [];
    for (const d of dueExports({ now, zone: this.monitoring.zone, enterprises, done })) {
      const x = await this.monitoring.exportOf(d.enterprise, d.kind, d.period, now);
      out.push(...(await this.exporter.push(x, this.plantsOf(d.enterprise), d.subscribers)));
    }
    if (out.length) this.logger.info({ deliveries: out.length }, 'provincial exports queued');
    return out;
  }

  /** Pushes one enterprise's closed day or month now, to every platform that takes it. */
  async push(r: ExportRequest, now = Date.now()): Promise<ExportDelivery[]> {
    const start = DateTime.fromISO(r.period, { zone: this.monitoring.zone });
    if (!start.isValid) throw new MonitoringQueryError('period', `${r.period} is not a date`);
    if (start.plus(r.kind === 'daily' ? { days: 1 } : { months: 1 }).toMillis() > now)
      throw new MonitoringQueryError('period', `${r.period} has not ended: only closed periods are exported`);
    const plants = this.monitoring.enterprise(r.enterprise).plantIds;
    if (!this.exporter.targets(r.kind, plants).length)
      throw new MonitoringQueryError(
        'kind',
        `no platform takes ${r.kind} exports of ${r.enterprise} (subscribers with event monitoring.${r.kind})`,
      );
    return this.exporter.push(await this.monitoring.exportOf(r.enterprise, r.kind, r.period, now), plants);
  }

  deliveries(q: ExportLogQuery): Promise<ExportDelivery[]> {
    return this.log.list(q);
  }

  private plantsOf(enterprise: string): string[] {
    return this.fleet
      .plants()
      .filter((p) => p.enterprise === enterprise)
      .map((p) => p.id);
  }
}
