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
export interface HistoryRow {
  ts: number;
  values: Record<string, number>;
  min?: Record<string, number>;
  max?: Record<string, number>;
  count?: Record<string, number>;
}

export interface HistoryResponse {
  plantId: string;
  deviceId: string;
  /** `telemetry` (metrics, canonical units) or a derived series such as `kpi` */
  series: string;
  from: number;
  to: number;
  resolution: 'raw' | '1m' | '1h';
  /** fields present in `rows`, sorted */
  fields: string[];
  rows: HistoryRow[];
}
