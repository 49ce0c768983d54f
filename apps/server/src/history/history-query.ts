import {
  AUTO_1M_MAX_MS,
  AUTO_RAW_MAX_MS,
  HISTORY_RESOLUTIONS,
  MAX_SPAN_MS,
  type HistoryResolution,
  type HistoryResponse,
  type HistoryRow,
} from '#contracts';
import { FIELD_NAME, MEASUREMENT_NAME } from '../store/shared/series.js';
import type { Bucket, Resolution, SeriesPoint } from '../store/telemetry-store.js';

export interface HistoryParams {
  from?: string;
  to?: string;
  metrics?: string;
  resolution?: string;
  series?: string;
  format?: string;
}

export interface HistoryQuery {
  from: number;
  to: number;
  fields?: string[];
  resolution: Resolution;
  series: string;
  format: 'json' | 'csv';
}

const DEFAULT_SPAN_MS = 3_600_000;

/** Time as epoch ms or ISO-8601 with a zone, as the telemetry payload accepts it. */
function parseTime(raw: string): number | undefined {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  if (/(Z|[+-]\d\d:?\d\d)$/.test(raw)) {
    const t = Date.parse(raw);
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
}

export function chooseResolution(spanMs: number): Resolution {
  if (spanMs <= AUTO_RAW_MAX_MS) return 'raw';
  if (spanMs <= AUTO_1M_MAX_MS) return '1m';
  return '1h';
}

/** Validates the query string; every problem is listed. `now` is passed in (no clock here). */
export function parseHistoryParams(p: HistoryParams, now: number): { query: HistoryQuery } | { problems: string[] } {
  const problems: string[] = [];
  const to = p.to === undefined ? now : parseTime(p.to);
  if (to === undefined) problems.push('to: expected epoch milliseconds or ISO-8601 with a zone');
  const from = p.from === undefined ? (to ?? now) - DEFAULT_SPAN_MS : parseTime(p.from);
  if (from === undefined) problems.push('from: expected epoch milliseconds or ISO-8601 with a zone');
  if (from !== undefined && to !== undefined && from >= to) problems.push('from must be before to');
  const res = (p.resolution ?? 'auto') as HistoryResolution;
  if (!HISTORY_RESOLUTIONS.includes(res))
    problems.push(`resolution: expected one of ${HISTORY_RESOLUTIONS.join(', ')}`);
  const fields = p.metrics
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const f of fields ?? []) if (!FIELD_NAME.test(f)) problems.push(`metrics: "${f}" is not a metric or KPI name`);
  const series = p.series ?? 'telemetry';
  if (!MEASUREMENT_NAME.test(series)) problems.push(`series: "${series}" is not a series name`);
  const format = (p.format ?? 'json') as HistoryQuery['format'];
  if (format !== 'json' && format !== 'csv') problems.push('format: expected json or csv');
  if (problems.length || from === undefined || to === undefined) return { problems };
  const resolution = res === 'auto' ? chooseResolution(to - from) : res;
  if (to - from > MAX_SPAN_MS[resolution])
    problems.push(
      `a ${resolution} answer covers at most ${MAX_SPAN_MS[resolution] / 86_400_000} days; ask for a coarser resolution`,
    );
  if (problems.length) return { problems };
  return { query: { from, to, fields: fields?.length ? fields : undefined, resolution, series, format } };
}

export function rowsFromPoints(points: readonly SeriesPoint[]): HistoryRow[] {
  return points.map((p) => ({ ts: p.ts, values: p.values }));
}

export function rowsFromBuckets(buckets: readonly Bucket[]): HistoryRow[] {
  return buckets.map((b) => {
    const row: Required<HistoryRow> = { ts: b.ts, values: {}, min: {}, max: {}, count: {} };
    for (const [f, a] of Object.entries(b.values)) {
      row.values[f] = a.mean;
      row.min[f] = a.min;
      row.max[f] = a.max;
      row.count[f] = a.count;
    }
    return row;
  });
}

export function fieldsOf(rows: readonly HistoryRow[]): string[] {
  const set = new Set<string>();
  for (const r of rows) for (const f of Object.keys(r.values)) set.add(f);
  return [...set].sort();
}

const csvCell = (v: string | number | undefined): string => {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV (RFC 4180, UTF-8, header row): time as ISO-8601 UTC and epoch ms, then one column per field (and statistic). */
export function toCsv(h: HistoryResponse): string {
  const raw = h.resolution === 'raw';
  const header = ['time', 'ts_ms'];
  for (const f of h.fields) header.push(...(raw ? [f] : [`${f}_mean`, `${f}_min`, `${f}_max`, `${f}_count`]));
  const lines = [header.join(',')];
  for (const r of h.rows) {
    const cells: Array<string | number | undefined> = [new Date(r.ts).toISOString(), r.ts];
    for (const f of h.fields)
      cells.push(...(raw ? [r.values[f]] : [r.values[f], r.min?.[f], r.max?.[f], r.count?.[f]]));
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
