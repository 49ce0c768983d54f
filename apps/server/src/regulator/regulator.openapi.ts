import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ComplianceQuerySchema, ComplianceReportSchema, WebhookStatusSchema } from '#contracts';
import { describe } from '../http/openapi-operation.js';
import { describePlan } from './plan/plan.openapi.js';

const tag = 'regulator';

/** The regulator's endpoints (regulator.controller.ts). */
export function describeRegulator(r: OpenAPIRegistry): void {
  describe(r, {
    method: 'get',
    path: '/api/regulator/compliance',
    summary: 'Shares of equipment and capacity at 标杆 / 基准, by region, industry or plant',
    tag,
    query: ComplianceQuerySchema,
    response: ComplianceReportSchema,
  });
  describe(r, {
    method: 'get',
    path: '/api/regulator/compliance.csv',
    summary: 'The same rows as CSV (UTF-8 with BOM)',
    tag,
    query: ComplianceQuerySchema,
    response: { 'text/csv': 'one row per group and class' },
  });
  describe(r, {
    method: 'get',
    path: '/api/regulator/webhooks',
    summary: "The webhook subscribers' deliveries: delivered, pending and dead",
    tag,
    response: WebhookStatusSchema,
  });
  describePlan(r);
}
