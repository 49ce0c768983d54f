import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  ExportLogQuerySchema,
  ExportLogSchema,
  ExportQueuedSchema,
  ExportRequestSchema,
  MonitoringQuerySchema,
  MonitoringReportSchema,
  PlanComplianceQuerySchema,
  PlanComplianceReportSchema,
  PlanLevelsSchema,
} from '#contracts';
import { describe } from '../../http/openapi-operation.js';

const tag = 'regulator';

/** The regulator's plan-compliance and online-monitoring routes (regulator.controller.ts). */
export function describePlan(r: OpenAPIRegistry): void {
  describe(r, {
    method: 'get',
    path: '/api/regulator/plan',
    summary: 'Per key field, the shares of production capacity at 标杆 and at or above 基准 per period',
    tag,
    query: PlanComplianceQuerySchema,
    response: PlanComplianceReportSchema,
  });
  describe(r, {
    method: 'get',
    path: '/api/regulator/plan.csv',
    summary: 'The same figures as CSV (UTF-8 with BOM)',
    tag,
    query: PlanComplianceQuerySchema,
    response: { 'text/csv': 'one row per period, scope level and field' },
  });
  describe(r, {
    method: 'get',
    path: '/api/regulator/levels',
    summary: "The plan's levels as shipped, each row with its confidence",
    tag,
    response: PlanLevelsSchema,
  });
  describe(r, {
    method: 'get',
    path: '/api/regulator/monitoring',
    summary: "An enterprise's online-monitoring indicators for a month: monthly, daily and 15-minute figures",
    tag,
    query: MonitoringQuerySchema,
    response: MonitoringReportSchema,
  });
  describe(r, {
    method: 'get',
    path: '/api/regulator/plan.xlsx',
    summary: 'The same figures as an Excel workbook (numbers as numbers, shares as percentages)',
    tag,
    query: PlanComplianceQuerySchema,
    response: {
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'one row per period, scope level and field',
    },
  });
  describe(r, {
    method: 'get',
    path: '/api/regulator/exports',
    summary: "The provincial exporter's delivery log, newest first",
    tag,
    query: ExportLogQuerySchema,
    response: ExportLogSchema,
  });
  describe(r, {
    method: 'post',
    path: '/api/regulator/exports',
    summary:
      "Push one enterprise's closed day or month (again) to the platforms that take it: a signed POST whose data is " +
      'a MonitoringExport (qinwatt JSON; GB/T 37947 is not public and none of its codes is reproduced)',
    tag,
    body: ExportRequestSchema,
    status: 202,
    response: ExportQueuedSchema,
  });
  describe(r, {
    method: 'get',
    path: '/api/regulator/exports/format',
    summary: 'The JSON schema of what the qinwatt-json codec pushes (MonitoringExport)',
    tag,
    response: z.looseObject({}),
  });
}
