import { LEDGER_GRANULARITIES, LEDGER_LEVELS, MANUAL_ENTRY_KINDS } from '#contracts';
import { apiErrorSchema } from '../openapi/api-error.schema.js';

const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
const q = (name: string, required: boolean, schema: Record<string, unknown>, description?: string) => ({
  name,
  in: 'query',
  required,
  schema,
  ...(description ? { description } : {}),
});
const str = { type: 'string', maxLength: 64 };
/** The ledger's 400: the API error shape, each problem carrying a `reason` code, the `field` and a `detail`. */
const bad = (reasons: string) => ({
  description: `invalid query or body; \`problems\` lists each with its reason code: ${reasons}`,
  content: { 'application/json': { schema: apiErrorSchema } },
});
const ledgerProblem = {
  description: 'the ledger cannot answer: its log is full (LEDGER_LOG_FULL)',
};

/** The energy and carbon ledger endpoints for the OpenAPI document (ledger.controller.ts, docs/ledger.md). */
export const LEDGER_PATHS = {
  '/api/ledger': {
    get: {
      operationId: 'ledger',
      summary: 'Energy, carbon and cost figures per period for a device, plant, enterprise or region',
      parameters: [
        q('level', false, { type: 'string', enum: [...LEDGER_LEVELS], default: 'plant' }),
        q('id', true, str, 'id of the device, plant, enterprise or region'),
        q('plantId', false, str, 'required at level=device'),
        q('granularity', false, { type: 'string', enum: [...LEDGER_GRANULARITIES], default: 'day' }),
        q('from', true, str, 'start of the range (date or local date-time)'),
        q('to', true, str, 'end of the range (date or local date-time)'),
        q('compare', false, { type: 'string', enum: ['true', 'false'], default: 'false' }, 'add the prior period'),
      ],
      responses: {
        '200': json('LedgerResponse'),
        '400': bad(
          'LEVEL_UNKNOWN, GRANULARITY_UNKNOWN, FIELD_MISSING, FIELD_INVALID, PERIOD_INVALID, RANGE_TOO_LONG, ' +
            'PLANT_UNKNOWN, DEVICE_UNKNOWN',
        ),
      },
    },
  },
  '/api/ledger/balance': {
    get: {
      operationId: 'ledgerBalance',
      summary: "A plant's meter tree per period: each parent meter's balance (loss %, band) and the virtual meters",
      parameters: [
        q('plantId', true, str),
        q('period', false, { type: 'string', enum: [...LEDGER_GRANULARITIES], default: 'day' }),
        q('from', true, str),
        q('to', true, str),
      ],
      responses: {
        '200': json('LedgerBalanceResponse'),
        '400': bad('GRANULARITY_UNKNOWN, FIELD_MISSING, PERIOD_INVALID, RANGE_TOO_LONG, PLANT_UNKNOWN'),
      },
    },
  },
  '/api/ledger/reports/monthly': {
    get: {
      operationId: 'ledgerMonthlyReport',
      summary: 'The monthly energy and carbon report of a plant or an enterprise: JSON, .xlsx or PDF',
      parameters: [
        q('level', false, { type: 'string', enum: ['plant', 'enterprise'], default: 'plant' }),
        q('id', true, str),
        q('month', true, { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }, 'YYYY-MM'),
        q('lang', false, { type: 'string', enum: ['zh', 'en'], default: 'zh' }),
        q('format', false, { type: 'string', enum: ['json', 'xlsx', 'pdf'], default: 'json' }),
      ],
      responses: {
        '200': {
          description: 'the report; .xlsx and PDF as an attachment',
          content: {
            'application/json': { schema: { type: 'object' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', format: 'binary' },
            },
            'application/pdf': { schema: { type: 'string', format: 'binary' } },
          },
        },
        '400': bad('LEVEL_UNKNOWN, FIELD_INVALID (lang, format), PERIOD_INVALID (month), FIELD_MISSING, PLANT_UNKNOWN'),
        '503': { description: 'PDF rendering unavailable (PDF_UNAVAILABLE)' },
      },
    },
  },
  '/api/ledger/entries': {
    get: {
      operationId: 'ledgerEntries',
      summary: 'Audit trail of the entries made by hand, oldest first',
      parameters: [
        q('after', false, { type: 'integer', minimum: 0, default: 0 }, 'a seq; entries after it'),
        q('limit', false, { type: 'integer', minimum: 1, maximum: 5000, default: 500 }),
        q('plantId', false, { type: 'string' }),
      ],
      responses: {
        '200': json('{ entries: LoggedEntry[] }'),
        '400': bad('FIELD_INVALID (after or limit)'),
      },
    },
    post: {
      operationId: 'ledgerAddEntry',
      summary: 'An entry by hand (a correction, a reading or a site factor), audited; affected periods are recomputed',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['kind', 'by'],
              description: 'ManualEntry in libs/contracts; the fields beyond kind and by depend on the kind',
              properties: {
                kind: {
                  type: 'string',
                  enum: [...MANUAL_ENTRY_KINDS],
                },
                by: { type: 'string', description: 'the user making the entry' },
                plantId: { type: 'string' },
                deviceId: { type: 'string' },
                category: { type: 'string' },
                date: { type: 'string', description: 'YYYY-MM-DD, not after today' },
                quantity: { type: 'number', minimum: 0 },
              },
            },
          },
        },
      },
      responses: {
        '201': json('ManualEntryAccepted: { seq, affected }'),
        '400': bad(
          'BODY_INVALID, KIND_UNKNOWN, FIELD_MISSING, FIELD_INVALID, PERIOD_INVALID, PLANT_UNKNOWN, ' +
            'DEVICE_UNKNOWN, CATEGORY_UNKNOWN, FACTOR_NOT_FOUND',
        ),
        '507': ledgerProblem,
      },
    },
  },
  '/api/ledger/factors': {
    get: {
      operationId: 'ledgerFactors',
      summary: 'The emission-factor book in force: the defaults with their citations, then the site’s own',
      responses: { '200': json('factor book') },
    },
  },
};
