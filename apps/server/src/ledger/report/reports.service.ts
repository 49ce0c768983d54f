import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CONFIG, LOGGER } from '../../tokens.js';
import type { AppConfig } from '../../config/config.js';
import { rolesOf } from '../../config/roles.js';
import type { Logger } from '../../logger.js';
import { FleetRegistry } from '../../fleet/fleet-registry.js';
import { writeAtomic } from '../../store/embedded/segments.js';

/** written to a temporary name, then renamed: a reader never sees half a report */
async function writeBytes(path: string, data: Buffer): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
import { LedgerService } from '../ledger.service.js';
import { monthlyReport, type Lang, type MonthlyReport } from './monthly.js';
import { reportXlsx } from './xlsx.js';
import { reportHtml } from './html.js';
import { htmlToPdf } from './pdf.js';
import type { Stoppable } from '../../lifecycle/shutdown.js';

export type ReportLevel = 'plant' | 'enterprise';
const KEEP_MONTHS = 24;
const CHECK_EVERY_MS = 3_600_000;

/**
 * Monthly energy and carbon reports per plant and per enterprise, on demand and on a schedule: from the 1st of each
 * month (plant-local) the previous month's reports, in Chinese and English, as .xlsx and PDF, are written under
 * `<dataDir>/ledger/reports/<month>/`; the newest 24 months are kept.
 */
@Injectable()
export class ReportsService implements OnModuleInit, Stoppable {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  readonly dir: string;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerService,
    private readonly fleet: FleetRegistry,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.dir = join(config.dataDir, 'ledger', 'reports');
  }

  onModuleInit(): void {
    // the files are served by the process that writes them: an api process
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
    this.running = this.running.then(async () => {
      const month = DateTime.fromMillis(now, { zone: this.ledger.zone }).minus({ months: 1 }).toFormat('yyyy-MM');
      const dir = join(this.dir, month);
      if (existsSync(join(dir, 'done'))) return;
      try {
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
              await writeBytes(join(dir, `${level}-${id}-${lang}.${format}`), await this.render(r, format));
          }
        await writeAtomic(join(dir, 'done'), new Date(now).toISOString());
        await this.prune();
        this.log.info({ month, reports: subjects.length * 4 }, 'monthly ledger reports written');
      } catch (e) {
        this.log.warn({ month, err: (e as Error).message }, 'monthly ledger reports failed; retried within the hour');
      }
    });
    return this.running;
  }

  private async prune(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const months = readdirSync(this.dir)
      .filter((m) => /^\d{4}-\d{2}$/.test(m))
      .sort();
    for (const m of months.slice(0, Math.max(0, months.length - KEEP_MONTHS)))
      await rm(join(this.dir, m), { recursive: true, force: true });
  }
}
