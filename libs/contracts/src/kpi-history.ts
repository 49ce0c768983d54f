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
  /**
   * the learned-baseline band the drift check judges this window against, in KPI terms (libs/detection kpi-band.ts):
   * the KPI the learned model expects at the window's drivers and output, and its tolerance either side
   */
  expected: z.number().optional(),
  lo: z.number().optional(),
  hi: z.number().optional(),
  /** why this window has no band: LEARNING, NO_SPREAD, OFF, UNLOADED, OUTSIDE_BASELINE, NO_DATA, NOT_OBSERVABLE */
  noBand: z.string().optional(),
});

/** A simulator fault on the unit (injected at `at`, cleared at `until`; open-ended: none). */
export const KpiFaultMarkerSchema = z.object({
  id: z.string(),
  type: z.string(),
  at: z.number(),
  until: z.number().optional(),
});
export type KpiFaultMarker = z.infer<typeof KpiFaultMarkerSchema>;

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
  /** simulator faults injected and cleared on the unit in the range */
  faults: z.array(KpiFaultMarkerSchema),
  /**
   * the band's tolerance (standardised residual either side of the learned bias) and, where no window of the range
   * has a band, the one reason for all of them (the device has no learned baseline here: NO_BASELINE)
   */
  band: z.object({ z: z.number(), reason: z.string().optional() }),
});
export type KpiHistoryRow = z.infer<typeof KpiHistoryRowSchema>;
export type KpiHistoryResponse = z.infer<typeof KpiHistoryResponseSchema>;
