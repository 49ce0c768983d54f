import { Body, Controller, Get, Header, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ComplianceQuerySchema,
  ExportLogQuerySchema,
  ExportRequestSchema,
  MonitoringExportSchema,
  type ExportLog,
  type ExportLogQuery,
  type ExportQueued,
  type ExportRequest,
  MonitoringQuerySchema,
  PlanComplianceQuerySchema,
  type ComplianceQuery,
  type MonitoringQuery,
  type MonitoringReport,
  type ComplianceReport,
  type PlanComplianceQuery,
  type PlanComplianceReport,
} from '#contracts';
import { complianceReport, KEY_FIELDS, PLAN_DOCUMENTS } from '#compliance';
import { badRequest } from '../http/api-error.js';
import { PlanComplianceService, PlanQueryError } from './plan/plan-compliance.service.js';
import { planCsv, planXlsx } from './plan/plan-csv.js';
import { MonitoringQueryError, MonitoringService } from './monitoring/monitoring.service.js';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { DetectionRunner } from '../detection/detection.runner.js';
import { WebhookService } from './webhooks/webhook.service.js';
import { ANY_ROLE, Caller, Roles } from '../auth/decorators.js';
import { Access, notFound } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { zod } from '../http/zod.pipe.js';
import { ExportService } from './exporter/export.service.js';
import { z } from 'zod';

const query = zod(ComplianceQuerySchema);

/** The regulator's view: compliance figures across plants, and the state of their webhook deliveries. */
@Controller('api/regulator')
export class RegulatorController {
  constructor(
    private readonly fleet: FleetRegistry,
    private readonly detection: DetectionRunner,
    private readonly webhooks: WebhookService,
    private readonly plan: PlanComplianceService,
    private readonly monitoring: MonitoringService,
    private readonly access: Access,
    private readonly exports: ExportService,
  ) {}

  /** The provincial exporter's delivery log, newest first (enterprise, region and status filters). */
  @Get('exports')
  @Roles('regulator')
  async exportLog(@Caller() p: Principal, @Query(zod(ExportLogQuerySchema)) q: ExportLogQuery): Promise<ExportLog> {
    if (q.region && !this.access.region(p, q.region)) throw notFound(`region ${q.region}`);
    if (q.enterprise && !this.access.enterprise(p, q.enterprise)) throw notFound(`enterprise ${q.enterprise}`);
    // a regulator reads the deliveries of the enterprises registered in their regions
    const deliveries = await this.exports.deliveries(q);
    return { deliveries: p.role === 'admin' ? deliveries : deliveries.filter((d) => this.access.region(p, d.region)) };
  }

  /** The JSON schema of the qinwatt-json codec's `data`, for the receiving platform's developers. */
  @Get('exports/format')
  @Roles(...ANY_ROLE)
  exportFormat(): unknown {
    return z.toJSONSchema(MonitoringExportSchema);
  }

  /** Pushes one enterprise's closed day or month (again) to every platform that takes it (an administrator's act). */
  @Post('exports')
  @Roles('admin')
  @HttpCode(202)
  async pushExport(@Body(zod(ExportRequestSchema)) r: ExportRequest): Promise<ExportQueued> {
    try {
      return { deliveries: await this.exports.push(r) };
    } catch (e) {
      if (e instanceof MonitoringQueryError) throw badRequest([{ path: e.field, code: 'INVALID', message: e.message }]);
      throw e;
    }
  }

  /**
   * An enterprise's online-monitoring indicators for a month: monthly, daily and 15-minute figures (energy by type,
   * output, unit-product consumption), completeness, daily-vs-monthly consistency and timeliness flags.
   */
  @Get('monitoring')
  @Roles(...ANY_ROLE)
  async monitoringIndicators(
    @Caller() p: Principal,
    @Query(zod(MonitoringQuerySchema)) q: MonitoringQuery,
  ): Promise<MonitoringReport> {
    if (!this.access.enterprise(p, q.enterprise) && !this.access.plant(p, q.enterprise))
      throw notFound(`enterprise ${q.enterprise}`);
    try {
      return await this.monitoring.report(q, Date.now(), (plantId) => this.access.plant(p, plantId));
    } catch (e) {
      if (e instanceof MonitoringQueryError) throw badRequest([{ path: e.field, code: 'INVALID', message: e.message }]);
      throw e;
    }
  }

  /**
   * Compliance per the plan: per key field the shares of production capacity at 标杆 and at or above 基准 over each
   * period, for the scope (region and/or enterprise), its regions, enterprises and lines (docs/regulator.md).
   */
  @Get('plan')
  @Roles(...ANY_ROLE)
  async planCompliance(
    @Caller() p: Principal,
    @Query(zod(PlanComplianceQuerySchema)) q: PlanComplianceQuery,
  ): Promise<PlanComplianceReport> {
    try {
      return await this.plan.report(this.scoped(p, q));
    } catch (e) {
      if (e instanceof PlanQueryError) throw badRequest([{ path: e.field, code: 'INVALID', message: e.message }]);
      throw e;
    }
  }

  /** The same figures as CSV (UTF-8 with BOM): one row per period, scope level and field. */
  @Get('plan.csv')
  @Roles(...ANY_ROLE)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="plan-compliance.csv"')
  async planComplianceCsv(
    @Caller() p: Principal,
    @Query(zod(PlanComplianceQuerySchema)) q: PlanComplianceQuery,
  ): Promise<string> {
    return planCsv(await this.planCompliance(p, q));
  }

  /**
   * The plan's figures for what the caller may see: the region or enterprise asked for must be in their scope
   * (404 otherwise); a regulator of one region who names neither gets that region's.
   */
  private scoped(p: Principal, q: PlanComplianceQuery): PlanComplianceQuery {
    if (p.role === 'admin') return q;
    if (q.region && !this.access.region(p, q.region)) throw notFound(`region ${q.region}`);
    if (q.enterprise && !this.access.enterprise(p, q.enterprise)) throw notFound(`enterprise ${q.enterprise}`);
    if (q.region || q.enterprise) return q;
    const regions = p.role === 'regulator' ? (p.scope.regions ?? []) : [];
    const enterprises = p.role === 'regulator' ? [] : (p.scope.enterprises ?? []);
    if (regions.length === 1) return { ...q, region: regions[0] };
    if (enterprises.length === 1) return { ...q, enterprise: enterprises[0] };
    throw notFound('scope: name a region or enterprise of yours');
  }

  /** The same rows as an Excel workbook (figures as numbers). */
  @Get('plan.xlsx')
  @Roles(...ANY_ROLE)
  @Header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Header('content-disposition', 'attachment; filename="plan-compliance.xlsx"')
  async planComplianceXlsx(
    @Caller() p: Principal,
    @Query(zod(PlanComplianceQuerySchema)) q: PlanComplianceQuery,
  ): Promise<StreamableFile> {
    return new StreamableFile(await planXlsx(await this.planCompliance(p, q)));
  }

  /** The plan's levels as shipped, each row with its confidence (libs/compliance/src/plan). */
  @Get('levels')
  @Roles(...ANY_ROLE)
  levels(): { documents: typeof PLAN_DOCUMENTS; fields: typeof KEY_FIELDS } {
    return { documents: PLAN_DOCUMENTS, fields: KEY_FIELDS };
  }

  @Get('compliance')
  @Roles(...ANY_ROLE)
  compliance(@Caller() p: Principal, @Query(query) { groupBy }: ComplianceQuery): ComplianceReport {
    return complianceReport({
      // a regulator's figures cover the plants of their regions, an operator's their plants
      plants: this.access.filter(p, this.fleet.plants(), (x) => x.id),
      devices: this.access.filter(p, this.fleet.devices(), (x) => x.plantId),
      kpis: this.access.filter(p, this.detection.kpis(), (x) => x.plantId),
      register: this.access.filter(p, this.detection.register(), (x) => x.plantId),
      groupBy,
      now: Date.now(),
    });
  }

  /** The same rows as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese headers right). */
  @Get('compliance.csv')
  @Roles(...ANY_ROLE)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="compliance.csv"')
  complianceCsv(@Caller() p: Principal, @Query(query) q: ComplianceQuery): string {
    const r = this.compliance(p, q);
    const { groupBy } = q;
    const head = [
      `${groupBy}`,
      'class 类别',
      'devices 设备数',
      'at 标杆',
      'at 基准',
      'below 基准',
      'no KPI 无数据',
      'capacity unit',
      'capacity ≥ 基准 share',
      'capacity 标杆 share',
      'meets targets 达标',
    ];
    const lines = r.rows.map((x) =>
      [
        x.group,
        x.class,
        x.devices.benchmark + x.devices.baseline + x.devices.below + x.devices.unknown,
        x.devices.benchmark,
        x.devices.baseline,
        x.devices.below,
        x.devices.unknown,
        x.capacityUnit,
        x.shareAtOrAboveBaseline.toFixed(4),
        x.shareAtBenchmark.toFixed(4),
        x.meetsTargets ? 'yes' : 'no',
      ].join(','),
    );
    return '\uFEFF' + [head.join(','), ...lines].join('\r\n') + '\r\n';
  }

  @Get('webhooks')
  @Roles('admin')
  webhookStatus(): ReturnType<WebhookService['status']> {
    return this.webhooks.status();
  }
}
