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
    private readonly exports: ExportService,
  ) {}

  /** The provincial exporter's delivery log, newest first (enterprise, region and status filters). */
  @Get('exports')
  async exportLog(@Query(zod(ExportLogQuerySchema)) q: ExportLogQuery): Promise<ExportLog> {
    return { deliveries: await this.exports.deliveries(q) };
  }

  /** The JSON schema of the qinwatt-json codec's `data`, for the receiving platform's developers. */
  @Get('exports/format')
  exportFormat(): unknown {
    return z.toJSONSchema(MonitoringExportSchema);
  }

  /** Pushes one enterprise's closed day or month (again) to every platform that takes it. */
  @Post('exports')
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
  async monitoringIndicators(@Query(zod(MonitoringQuerySchema)) q: MonitoringQuery): Promise<MonitoringReport> {
    try {
      return await this.monitoring.report(q);
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
  async planCompliance(@Query(zod(PlanComplianceQuerySchema)) q: PlanComplianceQuery): Promise<PlanComplianceReport> {
    try {
      return await this.plan.report(q);
    } catch (e) {
      if (e instanceof PlanQueryError) throw badRequest([{ path: e.field, code: 'INVALID', message: e.message }]);
      throw e;
    }
  }

  /** The same figures as CSV (UTF-8 with BOM): one row per period, scope level and field. */
  @Get('plan.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="plan-compliance.csv"')
  async planComplianceCsv(@Query(zod(PlanComplianceQuerySchema)) q: PlanComplianceQuery): Promise<string> {
    return planCsv(await this.planCompliance(q));
  }

  /** The same rows as an Excel workbook (figures as numbers). */
  @Get('plan.xlsx')
  @Header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Header('content-disposition', 'attachment; filename="plan-compliance.xlsx"')
  async planComplianceXlsx(@Query(zod(PlanComplianceQuerySchema)) q: PlanComplianceQuery): Promise<StreamableFile> {
    return new StreamableFile(await planXlsx(await this.planCompliance(q)));
  }

  /** The plan's levels as shipped, each row with its confidence (libs/compliance/src/plan). */
  @Get('levels')
  levels(): { documents: typeof PLAN_DOCUMENTS; fields: typeof KEY_FIELDS } {
    return { documents: PLAN_DOCUMENTS, fields: KEY_FIELDS };
  }

  @Get('compliance')
  compliance(@Query(query) { groupBy }: ComplianceQuery): ComplianceReport {
    return complianceReport({
      plants: this.fleet.plants(),
      devices: this.fleet.devices(),
      kpis: this.detection.kpis(),
      register: this.detection.register(),
      groupBy,
      now: Date.now(),
    });
  }

  /** The same rows as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese headers right). */
  @Get('compliance.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="compliance.csv"')
  complianceCsv(@Query(query) q: ComplianceQuery): string {
    const r = this.compliance(q);
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
  webhookStatus(): ReturnType<WebhookService['status']> {
    return this.webhooks.status();
  }
}
