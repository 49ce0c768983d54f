import type { StateDb } from '../../state/state-db.js';

export type ReportLevel = 'plant' | 'enterprise';
export type ReportFormat = 'json' | 'xlsx' | 'pdf';

/** A monthly report as issued: which subject, month, language and format, when and why it was made, its size. */
export interface IssuedReport {
  level: ReportLevel;
  id: string;
  month: string;
  lang: 'zh' | 'en';
  format: ReportFormat;
  trigger: 'schedule' | 'demand';
  generatedAt: number;
  bytes: number;
}

/**
 * The monthly reports issued, in the state store with their bytes (a report is what was sent to someone: it is
 * kept as it was made, not made again from figures that may since have been corrected). One row per subject, month,
 * language and format; the newest issue of it replaces an older one. A month the schedule finished is marked in
 * `state_meta`, so the schedule writes it once across every process sharing the store.
 */
export class ReportStore {
  constructor(private readonly state: StateDb) {}

  async keep(r: Omit<IssuedReport, 'bytes'>, body: Buffer): Promise<void> {
    const row = {
      level: r.level,
      subject_id: r.id,
      month: r.month,
      lang: r.lang,
      format: r.format,
      trigger: r.trigger,
      generated_at: r.generatedAt,
      bytes: body.length,
      body,
    };
    await this.state.db
      .insertInto('ledger_reports')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['level', 'subject_id', 'month', 'lang', 'format'])
          .doUpdateSet({ trigger: row.trigger, generated_at: row.generated_at, bytes: row.bytes, body: row.body }),
      )
      .execute();
  }

  async body(r: Pick<IssuedReport, 'level' | 'id' | 'month' | 'lang' | 'format'>): Promise<Buffer | undefined> {
    const row = await this.state.db
      .selectFrom('ledger_reports')
      .select('body')
      .where('level', '=', r.level)
      .where('subject_id', '=', r.id)
      .where('month', '=', r.month)
      .where('lang', '=', r.lang)
      .where('format', '=', r.format)
      .executeTakeFirst();
    return row ? Buffer.from(row.body) : undefined;
  }

  /** what was issued, newest month first, without the bytes */
  async list(): Promise<IssuedReport[]> {
    const rows = await this.state.db
      .selectFrom('ledger_reports')
      .select(['level', 'subject_id', 'month', 'lang', 'format', 'trigger', 'generated_at', 'bytes'])
      .orderBy('month', 'desc')
      .orderBy('level')
      .orderBy('subject_id')
      .orderBy('lang')
      .orderBy('format')
      .execute();
    return rows.map((r) => ({
      level: r.level as ReportLevel,
      id: r.subject_id,
      month: r.month,
      lang: r.lang as IssuedReport['lang'],
      format: r.format as ReportFormat,
      trigger: r.trigger as IssuedReport['trigger'],
      generatedAt: r.generated_at,
      bytes: r.bytes,
    }));
  }

  async monthDone(month: string): Promise<boolean> {
    const row = await this.state.db
      .selectFrom('state_meta')
      .select('key')
      .where('key', '=', `ledger-reports:${month}`)
      .executeTakeFirst();
    return row !== undefined;
  }

  async markDone(month: string, at: number): Promise<void> {
    await this.state.db
      .insertInto('state_meta')
      .values({ key: `ledger-reports:${month}`, value: new Date(at).toISOString(), updated_at: at })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }

  /** Keeps the newest `months` months of reports; returns how many reports went. */
  async prune(months: number): Promise<number> {
    const kept = await this.state.db
      .selectFrom('ledger_reports')
      .select('month')
      .distinct()
      .orderBy('month', 'desc')
      .limit(1)
      .offset(months - 1)
      .executeTakeFirst();
    if (!kept) return 0;
    const r = await this.state.db.deleteFrom('ledger_reports').where('month', '<', kept.month).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
