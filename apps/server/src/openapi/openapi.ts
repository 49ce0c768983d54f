import {
  AUTO_1M_MAX_MS,
  AUTO_RAW_MAX_MS,
  EQUIPMENT_CLASSES,
  HISTORY_RESOLUTIONS,
  MAX_SPAN_MS,
  METRICS,
} from '#contracts';
import { ALERT_PATHS } from '../alerts/alerts.openapi.js';
import { DETECTION_PATHS } from '../detection/detection.openapi.js';
import { LEDGER_PATHS } from '../ledger/ledger.openapi.js';
import { PLAN_PATHS } from '../regulator/plan/plan.openapi.js';
import { apiErrorSchema } from './api-error.schema.js';
import { SIM_CONTROL_PATHS } from '../sim-control/sim-control.openapi.js';
import { KPI_HISTORY_PATHS } from '../history/kpi-history.openapi.js';

const H = 3_600_000;
const D = 86_400_000;

export { apiErrorSchema };

const rowSchema = {
  type: 'object',
  required: ['ts', 'values'],
  properties: {
    ts: { type: 'integer', description: 'epoch ms, UTC; for windows, the window start' },
    values: { type: 'object', additionalProperties: { type: 'number' }, description: 'value (raw) or mean (window)' },
    min: { type: 'object', additionalProperties: { type: 'number' } },
    max: { type: 'object', additionalProperties: { type: 'number' } },
    count: { type: 'object', additionalProperties: { type: 'integer' } },
  },
};

const error400 = {
  description: 'invalid query or body; `problems` lists every problem with its reason code',
  content: { 'application/json': { schema: apiErrorSchema } },
};

/**
 * The REST API as OpenAPI 3.1, written by hand next to the controllers it describes (served at
 * /api/openapi.json). Enumerations come from the contracts, so the document cannot drift from the metric catalogue.
 */
export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'qinwatt API',
    version: '0.1.0',
    description: 'Monitoring of key energy-using industrial equipment. Metrics are in canonical units (see units).',
  },
  paths: {
    ...ALERT_PATHS,
    ...DETECTION_PATHS,
    ...LEDGER_PATHS,
    ...KPI_HISTORY_PATHS,
    ...PLAN_PATHS,
    '/api/history/plants/{plantId}/devices/{deviceId}': {
      get: {
        operationId: 'deviceHistory',
        summary: "A device's metrics or KPIs over a time range",
        description:
          `resolution=auto answers raw points for spans up to ${AUTO_RAW_MAX_MS / H} h, 1-minute windows up to ` +
          `${AUTO_1M_MAX_MS / D} days and 1-hour windows beyond. Explicit resolutions answer at most ` +
          `${MAX_SPAN_MS.raw / D} (raw), ${MAX_SPAN_MS['1m'] / D} (1m) and ${MAX_SPAN_MS['1h'] / D} (1h) days.`,
        parameters: [
          { name: 'plantId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'deviceId', in: 'path', required: true, schema: { type: 'string' } },
          {
            name: 'from',
            in: 'query',
            description: 'epoch ms or ISO-8601 with zone; default: `to` minus 1 hour',
            schema: { type: 'string' },
          },
          {
            name: 'to',
            in: 'query',
            description: 'epoch ms or ISO-8601 with zone (exclusive); default: now',
            schema: { type: 'string' },
          },
          {
            name: 'metrics',
            in: 'query',
            description: 'comma-separated field names; default: all',
            schema: { type: 'string' },
            examples: { motor: { value: 'active_power,current' } },
          },
          {
            name: 'resolution',
            in: 'query',
            schema: { type: 'string', enum: [...HISTORY_RESOLUTIONS], default: 'auto' },
          },
          {
            name: 'series',
            in: 'query',
            description: '`telemetry` (metrics) or a derived series such as `kpi`',
            schema: { type: 'string', default: 'telemetry' },
          },
          { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
        ],
        responses: {
          '200': {
            description: 'rows oldest first',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/HistoryResponse' } },
              'text/csv': {
                schema: { type: 'string' },
                description:
                  'UTF-8, header row `time,ts_ms,<field>...` (raw) or `time,ts_ms,<field>_mean,<field>_min,<field>_max,<field>_count...`',
              },
            },
          },
          '400': error400,
          '404': { description: 'no such device in the fleet' },
        },
      },
    },
    '/api/fleet': {
      get: { operationId: 'fleet', summary: 'Plants and devices', responses: { '200': { description: 'the fleet' } } },
    },
    ...SIM_CONTROL_PATHS,
    '/health': {
      get: { operationId: 'health', summary: 'Liveness and counters', responses: { '200': { description: 'ok' } } },
    },
  },
  components: {
    schemas: {
      HistoryResponse: {
        type: 'object',
        required: ['plantId', 'deviceId', 'series', 'from', 'to', 'resolution', 'fields', 'rows'],
        properties: {
          plantId: { type: 'string' },
          deviceId: { type: 'string' },
          series: { type: 'string' },
          from: { type: 'integer' },
          to: { type: 'integer' },
          resolution: { type: 'string', enum: ['raw', '1m', '1h'] },
          fields: { type: 'array', items: { type: 'string' } },
          rows: { type: 'array', items: rowSchema },
        },
      },
      EquipmentClass: { type: 'string', enum: [...EQUIPMENT_CLASSES] },
      Metric: {
        type: 'string',
        enum: Object.keys(METRICS),
        description: Object.entries(METRICS)
          .map(([k, m]) => `${k} [${m.canonical}]`)
          .join(', '),
      },
    },
  },
} as const;
