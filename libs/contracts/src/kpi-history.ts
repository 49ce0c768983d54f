import { z } from 'zod';

/**
 * GET /api/history/plants/:plantId/devices/:deviceId/kpi: a unit's KPI over a time range, computed by the class's
 * own KPI formula (libs/equipment) from the telemetry rollups (raw, 1-minute or 1-hour means), with the class limit
 * at each window's operating point, and the alerts of the unit in the range as markers.
 */
export const KpiHistoryRowSchema = z.object({
  ts: z.number(),
  value: z.number(),
  /** the class limit at this window's operating point, in `unit` */
  limit: z.number().optional(),
});

export const KpiHistoryResponseSchema = z.object({
  plantId: z.string(),
  deviceId: z.string(),
  from: z.number(),
  to: z.number(),
  resolution: z.enum(['raw', '1m', '1h']),
  name: z.object({ en: z.string(), zh: z.string() }),
  unit: z.string(),
  higherIsBetter: z.boolean(),
  rows: z.array(KpiHistoryRowSchema),
  /** alerts of the unit that were open at some time in the range: opened at, cleared or resolved at */
  markers: z.array(
    z.object({
      id: z.string(),
      rule: z.string(),
      priority: z.enum(['low', 'medium', 'high']),
      at: z.number(),
      until: z.number().optional(),
    }),
  ),
});
export type KpiHistoryRow = z.infer<typeof KpiHistoryRowSchema>;
export type KpiHistoryResponse = z.infer<typeof KpiHistoryResponseSchema>;
