import { z } from 'zod';
import { KpiHistoryResponseSchema } from '#contracts';
import { apiErrorSchema } from '../openapi/api-error.schema.js';

const q = (name: string, description: string) => ({ name, in: 'query', description, schema: { type: 'string' } });

/** The unit's KPI history for the OpenAPI document; the response schema is generated from the contract's zod schema. */
export const KPI_HISTORY_PATHS = {
  '/api/history/plants/{plantId}/devices/{deviceId}/kpi': {
    get: {
      operationId: 'deviceKpiHistory',
      summary:
        "A unit's KPI over a time range, by its class's formula from the telemetry rollups, with the class limit " +
        "at each window's operating point and the unit's alerts in the range as markers",
      parameters: [
        { name: 'plantId', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'deviceId', in: 'path', required: true, schema: { type: 'string' } },
        q('from', 'epoch ms or ISO-8601 with zone; default: `to` minus 1 hour'),
        q('to', 'epoch ms or ISO-8601 with zone (exclusive); default: now'),
        q('resolution', 'auto (default), raw, 1m or 1h, as for the metrics history'),
      ],
      responses: {
        '200': {
          description: 'KpiHistoryResponse',
          content: { 'application/json': { schema: z.toJSONSchema(KpiHistoryResponseSchema) } },
        },
        '400': { description: 'a bad time range', content: { 'application/json': { schema: apiErrorSchema } } },
        '404': { description: 'no such device', content: { 'application/json': { schema: apiErrorSchema } } },
      },
    },
  },
};
