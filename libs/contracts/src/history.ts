import { z } from 'zod';

/** The history API (GET /api/history/plants/:plantId/devices/:deviceId): shapes shared by server and console. */
export const HISTORY_RESOLUTIONS = ['auto', 'raw', '1m', '1h'] as const;
export type HistoryResolution = (typeof HISTORY_RESOLUTIONS)[number];

/**
 * `auto` picks the finest resolution whose answer stays small: a 1 Hz meter gives at most ~7,200 rows per device
 * (raw up to 2 h, 1-minute windows up to 5 days, 1-hour windows beyond).
 */
export const AUTO_RAW_MAX_MS = 2 * 3_600_000;
export const AUTO_1M_MAX_MS = 5 * 86_400_000;
/** longest span each explicit resolution answers; beyond it the request is refused (400) */
export const MAX_SPAN_MS = { raw: 7 * 86_400_000, '1m': 93 * 86_400_000, '1h': 3_660 * 86_400_000 } as const;

/** One row: `values` holds the value (raw) or the window mean; min, max and count only for windows. */
const perField = z.record(z.string(), z.number());
export const HistoryRowSchema = z
  .object({
    ts: z.number(),
    values: perField,
    min: perField.optional(),
    max: perField.optional(),
    count: perField.optional(),
  })
  .meta({ id: 'HistoryRow' });
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

export const HistoryResponseSchema = z
  .object({
    plantId: z.string(),
    deviceId: z.string(),
    /** `telemetry` (metrics, canonical units) or a derived series such as `kpi` */
    series: z.string(),
    from: z.number(),
    to: z.number(),
    resolution: z.enum(['raw', '1m', '1h']),
    /** fields present in `rows`, sorted */
    fields: z.array(z.string()),
    rows: z.array(HistoryRowSchema),
  })
  .meta({ id: 'HistoryResponse' });
export type HistoryResponse = z.infer<typeof HistoryResponseSchema>;
