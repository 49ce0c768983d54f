import { Body, Controller, Get, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  LedgerBalanceQuerySchema,
  LedgerEntriesQuerySchema,
  LedgerQuerySchema,
  MonthlyReportQuerySchema,
  ledgerQueryCode,
  type LedgerBalanceQuery,
  type LedgerBalanceResponse,
  type LedgerEntriesQuery,
  type LedgerQuery,
  type LedgerResponse,
  type LoggedEntry,
  type ManualEntryAccepted,
  type MonthlyReportQuery,
} from '#contracts';
import { CATEGORIES } from '#ledger';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { badRequest } from '../http/api-error.js';
import { zod } from '../http/zod.pipe.js';
import { LedgerService } from './ledger.service.js';
import { validateEntry } from './validate-entry.js';
import { ReportsService } from './report/reports.service.js';
import { ANY_ROLE, Caller, Roles } from '../auth/decorators.js';
import { Access, notFound } from '../auth/access.js';
import { refuse } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';

interface HeaderSink {
  setHeader(name: string, value: string): void;
}

/** queries refused with the ledger's reason codes (docs/ledger.md) */
const ledgerQuery = <S extends Parameters<typeof zod>[0]>(s: S) => zod(s, { recode: ledgerQueryCode });

/**
 * The energy and carbon ledger: figures per period and level, and the entries made by hand (docs/ledger.md).
 * Refusals (LedgerQueryError, LedgerLogFull, PdfUnavailable) are answered by the exception filter.
 */
@Controller('api/ledger')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly fleet: FleetRegistry,
    private readonly reports: ReportsService,
    private readonly access: Access,
  ) {}

  /** 404 unless the caller sees the subject (device and plant: its plant; enterprise; region) */
  private requireSubject(p: Principal, level: string, id: string, plantId?: string): void {
    const ok =
      level === 'enterprise'
        ? this.access.enterprise(p, id) || this.access.plant(p, id) // a plant without an enterprise is its own
        : level === 'region'
          ? this.access.region(p, id)
          : this.access.plant(p, level === 'device' ? plantId : id);
    if (!ok) throw notFound(`${level} ${id}`);
  }

  /** The monthly energy and carbon report of a plant or an enterprise: JSON, .xlsx or PDF, in Chinese or English. */
  @Get('reports/monthly')
  @Roles(...ANY_ROLE)
  async monthly(
    @Caller() p: Principal,
    @Query(ledgerQuery(MonthlyReportQuerySchema)) q: MonthlyReportQuery,
    @Res({ passthrough: true }) res: HeaderSink,
  ) {
    if (this.reports.subjectName(q.level, q.id, 'en') === undefined)
      throw badRequest([{ path: 'id', code: 'PLANT_UNKNOWN', message: `no ${q.level} ${q.id}` }]);
    this.requireSubject(p, q.level, q.id);
    // a report is the enterprise's as a whole: only for a caller who sees every one of its plants
    const plants = this.fleet.plants().filter((x) => (x.enterprise ?? x.id) === q.id);
    if (q.level === 'enterprise' && !plants.every((x) => this.access.plant(p, x.id)))
      throw notFound(`${q.level} ${q.id}`);
    const r = await this.reports.build(q.level, q.id, q.month, q.lang);
    if (q.format === 'json') return r;
    const body = await this.reports.render(r, q.format);
    const name = `${q.level}-${q.id}-${q.month}-${q.lang}.${q.format}`;
    res.setHeader(
      'Content-Type',
      q.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    res.setHeader('Content-Disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`);
    return new StreamableFile(body);
  }

  /** The plant's meter tree per period: each parent meter's balance (loss %, band) and the virtual meters' values. */
  @Get('balance')
  @Roles(...ANY_ROLE)
  balance(@Query(ledgerQuery(LedgerBalanceQuerySchema)) q: LedgerBalanceQuery): Promise<LedgerBalanceResponse> {
    return this.ledger.balance({ plantId: q.plantId, granularity: q.period, from: q.from, to: q.to });
  }

  @Get()
  @Roles(...ANY_ROLE)
  get(@Caller() p: Principal, @Query(ledgerQuery(LedgerQuerySchema)) q: LedgerQuery): Promise<LedgerResponse> {
    this.requireSubject(p, q.level, q.id, q.plantId);
    return this.ledger.query(q, (plantId) => this.access.plant(p, plantId));
  }

  @Post('entries')
  @Roles('operator')
  @HttpCode(201)
  async add(@Caller() p: Principal, @Body() body: unknown): Promise<ManualEntryAccepted> {
    const record = body !== null && typeof body === 'object' && !Array.isArray(body);
    const plantId = record ? (body as { plantId?: unknown }).plantId : undefined;
    // an entry for no plant (the site's own factors) changes every plant's figures: an admin's to make
    if (plantId === undefined && p.role !== 'admin') throw refuse(403, 'FORBIDDEN_ROLE');
    // the person responsible is the authenticated account, whatever `by` the body names
    const v = validateEntry(record ? { ...body, by: p.username } : body, {
      hasPlant: (p) => this.fleet.hasPlant(p),
      hasDevice: (p, d) => this.fleet.device(p, d) !== undefined,
      categories: CATEGORIES.map((c) => c.id),
      today: this.ledger.today(),
      nowMs: Date.now(),
      registersOf: (p, m) => this.ledger.registersOf(p, m),
    });
    if ('problems' in v) throw badRequest(v.problems);
    const logged = await this.ledger.addEntry(v.entry);
    return { seq: logged.seq, affected: this.ledger.affected(logged) };
  }

  /** The audit trail: every entry made by hand, oldest first, after `after` (a seq), at most `limit`. */
  @Get('entries')
  @Roles(...ANY_ROLE)
  entries(
    @Caller() p: Principal,
    @Query(ledgerQuery(LedgerEntriesQuerySchema)) q: LedgerEntriesQuery,
  ): { entries: LoggedEntry[] } {
    const rows = this.ledger.log
      .all()
      .filter((e) => e.seq > q.after && (q.plantId === undefined || ('plantId' in e && e.plantId === q.plantId)))
      .filter((e) => p.role === 'admin' || ('plantId' in e && this.access.plant(p, e.plantId)))
      .slice(0, q.limit);
    return { entries: rows };
  }

  /** The factor book in force: the defaults with their citations, then the site's own. */
  @Get('factors')
  @Roles(...ANY_ROLE)
  factors() {
    return this.ledger.log.book();
  }
}
