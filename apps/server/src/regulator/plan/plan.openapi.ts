import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  MonitoringQuerySchema,
  MonitoringReportSchema,
  PlanComplianceQuerySchema,
  PlanComplianceReportSchema,
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
    response: z.object({ documents: z.array(z.looseObject({})), fields: z.array(z.looseObject({})) }),
  });
  describe(r, {
    method: 'get',
    path: '/api/regulator/monitoring',
    summary: "An enterprise's online-monitoring indicators for a month: monthly, daily and 15-minute figures",
    tag,
    query: MonitoringQuerySchema,
    response: MonitoringReportSchema,
  });
}
