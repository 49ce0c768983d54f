import { z } from 'zod';
import {
  EXPORT_STATUSES,
  ExportLogSchema,
  ExportQueuedSchema,
  ExportRequestSchema,
  MonitoringExportSchema,
  MonitoringReportSchema,
  PLAN_GRANULARITIES,
  PlanComplianceReportSchema,
} from '#contracts';
import { apiErrorSchema } from '../../openapi/api-error.schema.js';

const q = (name: string, required: boolean, schema: Record<string, unknown>, description: string) => ({
  name,
  in: 'query',
  required,
  schema,
  description,
});
const label = { type: 'string', pattern: '^\\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$' };
const parameters = [
  q('granularity', false, { type: 'string', enum: [...PLAN_GRANULARITIES], default: 'month' }, 'statistical period'),
  q('from', true, label, 'first period: YYYY-MM, YYYY-Qn or YYYY (as the granularity)'),
  q('to', true, label, 'last period'),
  q(
    'region',
    false,
    { type: 'string', pattern: '^\\d{6}$' },
    'administrative division code: covers the codes below it',
  ),
  q('enterprise', false, { type: 'string' }, 'enterprise id'),
];
const bad = {
  description: 'invalid query: `problems` lists each',
  content: { 'application/json': { schema: apiErrorSchema } },
};

/** The regulator's plan-compliance routes for the OpenAPI document, the response schema generated from the contract. */
export const PLAN_PATHS = {
  '/api/regulator/plan': {
    get: {
      operationId: 'planCompliance',
      summary: 'Per key field, the shares of production capacity at 标杆 and at or above 基准 per period',
      parameters,
      responses: {
        '200': {
          description: 'PlanComplianceReport',
          content: { 'application/json': { schema: z.toJSONSchema(PlanComplianceReportSchema) } },
        },
        '400': bad,
      },
    },
  },
  '/api/regulator/plan.csv': {
    get: {
      operationId: 'planComplianceCsv',
      summary: 'The same figures as CSV (UTF-8 with BOM)',
      parameters,
      responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, '400': bad },
    },
  },
  '/api/regulator/plan.xlsx': {
    get: {
      operationId: 'planComplianceXlsx',
      summary: 'The same figures as an Excel workbook (numbers as numbers, shares as percentages)',
      parameters,
      responses: {
        '200': {
          description: 'Excel workbook',
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', format: 'binary' },
            },
          },
        },
        '400': bad,
      },
    },
  },
  '/api/regulator/levels': {
    get: {
      operationId: 'planLevels',
      summary: "The plan's 标杆 / 基准 levels per key field as shipped, each row with its confidence",
      responses: {
        '200': { description: 'documents and fields', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  },
  '/api/regulator/monitoring': {
    get: {
      operationId: 'monitoringIndicators',
      summary:
        "An enterprise's online-monitoring indicators for a month, with completeness, consistency and timeliness",
      parameters: [
        q('enterprise', true, { type: 'string' }, 'enterprise id'),
        q('month', true, { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }, 'YYYY-MM'),
      ],
      responses: {
        '200': {
          description: 'MonitoringReport',
          content: { 'application/json': { schema: z.toJSONSchema(MonitoringReportSchema) } },
        },
        '400': bad,
      },
    },
  },
  '/api/regulator/exports': {
    get: {
      operationId: 'exportLog',
      summary: "The provincial exporter's delivery log, newest first",
      parameters: [
        q('enterprise', false, { type: 'string' }, 'enterprise id'),
        q(
          'region',
          false,
          { type: 'string', pattern: '^\\d{6}$' },
          'administrative division code: covers the codes below it',
        ),
        q('status', false, { type: 'string', enum: [...EXPORT_STATUSES] }, 'pending, delivered or failed'),
        q('limit', false, { type: 'integer', minimum: 1, maximum: 1000, default: 200 }, 'at most this many'),
      ],
      responses: {
        '200': {
          description: 'ExportLog',
          content: { 'application/json': { schema: z.toJSONSchema(ExportLogSchema) } },
        },
        '400': bad,
      },
    },
    post: {
      operationId: 'pushExport',
      summary: "Push one enterprise's closed day or month (again) to the platforms that take it",
      description:
        'Each platform gets a signed POST whose body is {id, type, createdAt, data}; with the qinwatt-json codec ' +
        '`data` is the MonitoringExport below. GB/T 37947 codes are not reproduced (the standard is not public).',
      requestBody: {
        required: true,
        content: { 'application/json': { schema: z.toJSONSchema(ExportRequestSchema, { io: 'input' }) } },
      },
      responses: {
        '202': {
          description: 'queued in the outbox; follow them in the log',
          content: { 'application/json': { schema: z.toJSONSchema(ExportQueuedSchema) } },
        },
        '400': bad,
      },
    },
  },
  '/api/regulator/exports/format': {
    get: {
      operationId: 'exportFormat',
      summary: 'The JSON schema of what the qinwatt-json codec pushes (MonitoringExport)',
      responses: {
        '200': {
          description: 'JSON schema',
          content: { 'application/json': { schema: z.toJSONSchema(MonitoringExportSchema) } },
        },
      },
    },
  },
};
