import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  LEDGER_GRANULARITIES,
  LEDGER_LEVELS,
  type LedgerBalanceResponse,
  type LedgerGranularity,
  type LedgerLevel,
  type LedgerResponse,
  type LoggedEntry,
  type ManualEntryAccepted,
} from '#contracts';
import { CATEGORIES } from '#ledger';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { LedgerLogFull } from './ledger-log.js';
import { LedgerQueryError, LedgerService } from './ledger.service.js';
import { validateEntry, type Problem } from './validate-entry.js';
import { ReportsService, type ReportLevel } from './report/reports.service.js';
import { PdfUnavailable } from './report/pdf.js';

interface HeaderSink {
  setHeader(name: string, value: string): void;
}

const bad = (problems: Problem[]) => new BadRequestException({ statusCode: 400, problems });

/** The energy and carbon ledger: figures per period and level, and the entries made by hand (docs/ledger.md). */
@Controller('api/ledger')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly fleet: FleetRegistry,
    private readonly reports: ReportsService,
  ) {}

  /** The monthly energy and carbon report of a plant or an enterprise: JSON, .xlsx or PDF, in Chinese or English. */
  @Get('reports/monthly')
  async monthly(@Query() q: Record<string, unknown>, @Res({ passthrough: true }) res: HeaderSink) {
    const problems: Problem[] = [];
    const level = q.level ?? 'plant';
    const lang = q.lang ?? 'zh';
    const format = q.format ?? 'json';
    if (level !== 'plant' && level !== 'enterprise')
      problems.push({ reason: 'LEVEL_UNKNOWN', field: 'level', detail: 'level must be plant or enterprise' });
    if (lang !== 'zh' && lang !== 'en')
      problems.push({ reason: 'FIELD_INVALID', field: 'lang', detail: 'lang must be zh or en' });
    if (format !== 'json' && format !== 'xlsx' && format !== 'pdf')
      problems.push({ reason: 'FIELD_INVALID', field: 'format', detail: 'format must be json, xlsx or pdf' });
    if (typeof q.month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(q.month))
      problems.push({ reason: 'PERIOD_INVALID', field: 'month', detail: 'month must be YYYY-MM' });
    if (typeof q.id !== 'string') problems.push({ reason: 'FIELD_MISSING', field: 'id', detail: 'id is required' });
    else if (!problems.length && this.reports.subjectName(level as ReportLevel, q.id, 'en') === undefined)
      problems.push({ reason: 'PLANT_UNKNOWN', field: 'id', detail: `no ${level as string} ${q.id}` });
    if (problems.length) throw bad(problems);
    const r = await this.reports.build(level as ReportLevel, q.id as string, q.month as string, lang as 'zh' | 'en');
    if (format === 'json') return r;
    try {
      const body = await this.reports.render(r, format as 'xlsx' | 'pdf');
      const name = `${level as string}-${q.id as string}-${q.month as string}-${lang as string}.${format as string}`;
      res.setHeader(
        'Content-Type',
        format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      res.setHeader('Content-Disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`);
      return new StreamableFile(body);
    } catch (e) {
      if (e instanceof PdfUnavailable)
        throw new HttpException({ statusCode: 503, problems: [{ reason: 'PDF_UNAVAILABLE', detail: e.message }] }, 503);
      throw e;
    }
  }

  /** The plant's meter tree per period: each parent meter's balance (loss %, band) and the virtual meters' values. */
  @Get('balance')
  async balance(@Query() q: Record<string, unknown>): Promise<LedgerBalanceResponse> {
    const problems: Problem[] = [];
    const granularity = q.period ?? 'day';
    if (typeof granularity !== 'string' || !(LEDGER_GRANULARITIES as readonly string[]).includes(granularity))
      problems.push({
        reason: 'GRANULARITY_UNKNOWN',
        field: 'period',
        detail: `period must be one of ${LEDGER_GRANULARITIES.join(', ')}`,
      });
    for (const f of ['plantId', 'from', 'to'])
      if (typeof q[f] !== 'string' || !(q[f] as string).length || (q[f] as string).length > 64)
        problems.push({ reason: 'FIELD_MISSING', field: f, detail: `${f} is required` });
    if (problems.length) throw bad(problems);
    try {
      return await this.ledger.balance({
        plantId: q.plantId as string,
        granularity: granularity as LedgerGranularity,
        from: q.from as string,
        to: q.to as string,
      });
    } catch (e) {
      if (e instanceof LedgerQueryError) throw bad([e.problem]);
      throw e;
    }
  }

  @Get()
  async get(@Query() q: Record<string, unknown>): Promise<LedgerResponse> {
    const problems: Problem[] = [];
    const level = q.level ?? 'plant';
    const granularity = q.granularity ?? 'day';
    if (typeof level !== 'string' || !(LEDGER_LEVELS as readonly string[]).includes(level))
      problems.push({
        reason: 'LEVEL_UNKNOWN',
        field: 'level',
        detail: `level must be one of ${LEDGER_LEVELS.join(', ')}`,
      });
    if (typeof granularity !== 'string' || !(LEDGER_GRANULARITIES as readonly string[]).includes(granularity))
      problems.push({
        reason: 'GRANULARITY_UNKNOWN',
        field: 'granularity',
        detail: `granularity must be one of ${LEDGER_GRANULARITIES.join(', ')}`,
      });
    for (const f of ['id', 'from', 'to'])
      if (typeof q[f] !== 'string' || !(q[f] as string).length || (q[f] as string).length > 64)
        problems.push({ reason: 'FIELD_MISSING', field: f, detail: `${f} is required` });
    if (level === 'device' && typeof q.plantId !== 'string')
      problems.push({ reason: 'FIELD_MISSING', field: 'plantId', detail: 'plantId is required at device level' });
    if (q.compare !== undefined && q.compare !== 'true' && q.compare !== 'false')
      problems.push({ reason: 'FIELD_INVALID', field: 'compare', detail: 'compare must be true or false' });
    if (problems.length) throw bad(problems);
    try {
      return await this.ledger.query({
        level: level as LedgerLevel,
        id: q.id as string,
        ...(typeof q.plantId === 'string' ? { plantId: q.plantId } : {}),
        granularity: granularity as LedgerGranularity,
        from: q.from as string,
        to: q.to as string,
        compare: q.compare === 'true',
      });
    } catch (e) {
      if (e instanceof LedgerQueryError) throw bad([e.problem]);
      throw e;
    }
  }

  @Post('entries')
  @HttpCode(201)
  async add(@Body() body: unknown): Promise<ManualEntryAccepted> {
    const v = validateEntry(body, {
      hasPlant: (p) => this.fleet.hasPlant(p),
      hasDevice: (p, d) => this.fleet.device(p, d) !== undefined,
      categories: CATEGORIES.map((c) => c.id),
      today: this.ledger.today(),
      nowMs: Date.now(),
      registersOf: (p, m) => this.ledger.registersOf(p, m),
    });
    if ('problems' in v) throw bad(v.problems);
    try {
      const logged = await this.ledger.addEntry(v.entry);
      return { seq: logged.seq, affected: this.ledger.affected(logged) };
    } catch (e) {
      if (e instanceof LedgerLogFull)
        throw new HttpException(
          { statusCode: 507, problems: [{ reason: 'LEDGER_LOG_FULL', detail: e.message }] },
          HttpStatus.INSUFFICIENT_STORAGE,
        );
      throw e;
    }
  }

  /** The audit trail: every entry made by hand, oldest first, after `after` (a seq), at most `limit`. */
  @Get('entries')
  entries(@Query('after') after?: string, @Query('limit') limit?: string, @Query('plantId') plantId?: string) {
    const a = after === undefined ? 0 : Number(after);
    const l = limit === undefined ? 500 : Number(limit);
    if (!Number.isInteger(a) || a < 0 || !Number.isInteger(l) || l < 1 || l > 5000)
      throw bad([{ reason: 'FIELD_INVALID', detail: 'after must be an integer ≥ 0 and limit 1-5000' }]);
    const rows: LoggedEntry[] = this.ledger.log
      .all()
      .filter((e) => e.seq > a && (plantId === undefined || ('plantId' in e && e.plantId === plantId)))
      .slice(0, l);
    return { entries: rows };
  }

  /** The factor book in force: the defaults with their citations, then the site's own. */
  @Get('factors')
  factors() {
    return this.ledger.log.book();
  }
}
