import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  AUTO_1M_MAX_MS,
  AUTO_RAW_MAX_MS,
  HistoryQuerySchema,
  HistoryResponseSchema,
  KpiHistoryResponseSchema,
  MAX_SPAN_MS,
} from '#contracts';
import { describe, pathParams } from '../http/openapi-operation.js';

const H = 3_600_000;
const D = 86_400_000;

/** The history endpoints (history.controller.ts). */
export function describeHistory(r: OpenAPIRegistry): void {
  describe(r, {
    method: 'get',
    path: '/api/history/plants/{plantId}/devices/{deviceId}',
    summary: "A device's metrics or KPIs over a time range, as JSON or CSV",
    description:
      `resolution=auto answers raw points for spans up to ${AUTO_RAW_MAX_MS / H} h, 1-minute windows up to ` +
      `${AUTO_1M_MAX_MS / D} days and 1-hour windows beyond. Explicit resolutions answer at most ` +
      `${MAX_SPAN_MS.raw / D} (raw), ${MAX_SPAN_MS['1m'] / D} (1m) and ${MAX_SPAN_MS['1h'] / D} (1h) days.`,
    tag: 'history',
    params: pathParams('plantId', 'deviceId'),
    query: HistoryQuerySchema,
    response: HistoryResponseSchema,
    errors: [404],
  });
  describe(r, {
    method: 'get',
    path: '/api/history/plants/{plantId}/devices/{deviceId}/kpi',
    summary:
      "A unit's KPI over a time range, by its class's formula from the telemetry rollups, with the class limit at " +
      "each window's operating point and the unit's alerts in the range as markers",
    tag: 'history',
    params: pathParams('plantId', 'deviceId'),
    query: HistoryQuerySchema,
    response: KpiHistoryResponseSchema,
    errors: [404],
  });
}
