import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CONFIG, LOGGER } from '../../tokens.js';
import type { AppConfig } from '../../config/config.js';
import { rolesOf } from '../../config/roles.js';
import type { Logger } from '../../logger.js';
import { FleetRegistry } from '../../fleet/fleet-registry.js';
import { StateDb } from '../../state/state-db.js';
import { runAlone } from '../../state/run-alone.js';
import { LedgerService } from '../ledger.service.js';
import { monthlyReport, type Lang, type MonthlyReport } from './monthly.js';
import { reportXlsx } from './xlsx.js';
import { reportHtml } from './html.js';
import { htmlToPdf } from './pdf.js';
import { ReportStore, type ReportLevel } from './report-store.js';
import type { Stoppable } from '../../lifecycle/shutdown.js';

export type { ReportLevel } from './report-store.js';
const KEEP_MONTHS = 24;
const CHECK_EVERY_MS = 3_600_000;
/** the advisory lock the schedule's pass holds on PostgreSQL (one pass across the processes sharing the store) */
const SCHEDULE_LOCK = 0x71_72_70_74;

/**
 * Monthly energy and carbon reports per plant and per enterprise, on demand and on a schedule: from the 1st of each
 * month (plant-local) the previous month's reports, in Chinese and English, as .xlsx and PDF, are kept in the state
 * store (ReportStore) with when and why each was made; the newest 24 months are kept.
 */
@Injectable()
export class ReportsService implements OnModuleInit, Stoppable {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  readonly store: ReportStore;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerService,
    private readonly fleet: FleetRegistry,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(StateDb) private readonly state: StateDb,
  ) {
    this.store = new ReportStore(state);
  }

  onModuleInit(): void {
    // api processes make reports (on demand too); on PostgreSQL one of them runs each pass
    if (!rolesOf(this.config).api) return;
    this.timer = setInterval(() => void this.scheduled(), CHECK_EVERY_MS);
    this.timer.unref();
    // a server that was down on the 1st catches up shortly after it starts, off the boot path
    setTimeout(() => void this.scheduled(), 60_000).unref();
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  subjectName(level: ReportLevel, id: string, lang: Lang): string | undefined {
    if (level === 'plant') {
      const p = this.fleet.plants().find((x) => x.id === id);
      return p ? (lang === 'zh' ? (p.nameZh ?? p.name) : p.name) : undefined;
    }
    return this.fleet.plants().some((p) => (p.enterprise ?? p.id) === id) ? id : undefined;
  }

  async build(level: ReportLevel, id: string, month: string, lang: Lang): Promise<MonthlyReport> {
    const r = await this.ledger.query({ level, id, granularity: 'month', from: month, to: month, compare: true });
    return monthlyReport(r, lang, this.subjectName(level, id, lang) ?? id);
  }

  async render(r: MonthlyReport, format: 'xlsx' | 'pdf'): Promise<Buffer> {
    return format === 'xlsx' ? reportXlsx(r) : htmlToPdf(reportHtml(r));
  }

  /** Writes last month's reports once (the check runs hourly and at start: a server down on the 1st catches up). */
  scheduled(now = Date.now()): Promise<void> {
    this.running = this.running.then(() =>
      runAlone(this.state, SCHEDULE_LOCK, () => this.pass(now)).catch((e: Error) =>
        this.log.warn({ err: e.message }, 'monthly ledger reports failed; retried within the hour'),
      ),
    ) as Promise<void>;
    return this.running;
  }

  private async pass(now: number): Promise<void> {
    const month = DateTime.fromMillis(now, { zone: this.ledger.zone }).minus({ months: 1 }).toFormat('yyyy-MM');
    if (await this.store.monthDone(month)) return;
    const subjects: Array<[ReportLevel, string]> = [
      ...this.fleet.plants().map((p): [ReportLevel, string] => ['plant', p.id]),
      ...[...new Set(this.fleet.plants().map((p) => p.enterprise ?? p.id))].map((e): [ReportLevel, string] => [
        'enterprise',
        e,
      ]),
    ];
    for (const [level, id] of subjects)
      for (const lang of ['zh', 'en'] as const) {
        const r = await this.build(level, id, month, lang);
        for (const format of ['xlsx', 'pdf'] as const)
          await this.store.keep(
            { level, id, month, lang, format, trigger: 'schedule', generatedAt: Date.now() },
            await this.render(r, format),
          );
      }
    await this.store.markDone(month, now);
    const pruned = await this.store.prune(KEEP_MONTHS);
    this.log.info({ month, reports: subjects.length * 4, pruned }, 'monthly ledger reports written');
  }
}
