import {
  AUTO_1M_MAX_MS,
  AUTO_RAW_MAX_MS,
  MAX_SPAN_MS,
  type ApiProblem,
  type HistoryQueryParams,
  type HistoryResponse,
  type HistoryRow,
} from '#contracts';
import type { Bucket, Resolution, SeriesPoint } from '../store/telemetry-store.js';

export interface HistoryQuery {
  from: number;
  to: number;
  fields?: string[];
  resolution: Resolution;
  series: string;
  format: 'json' | 'csv';
}

const DEFAULT_SPAN_MS = 3_600_000;

export function chooseResolution(spanMs: number): Resolution {
  if (spanMs <= AUTO_RAW_MAX_MS) return 'raw';
  if (spanMs <= AUTO_1M_MAX_MS) return '1m';
  return '1h';
}

/**
 * The time range of a query whose shape HistoryQuerySchema checked: defaults, `auto` resolved, the span checked
 * against the resolution's limit. `now` is passed in (no clock here).
 */
export function resolveHistoryQuery(
  p: HistoryQueryParams,
  now: number,
): { query: HistoryQuery } | { problems: ApiProblem[] } {
  const to = p.to ?? now;
  const from = p.from ?? to - DEFAULT_SPAN_MS;
  if (from >= to) return { problems: [{ path: 'from', code: 'OUT_OF_RANGE', message: 'from must be before to' }] };
  const resolution = p.resolution === 'auto' ? chooseResolution(to - from) : p.resolution;
  if (to - from > MAX_SPAN_MS[resolution]) {
    const days = MAX_SPAN_MS[resolution] / 86_400_000;
    const message = `a ${resolution} answer covers at most ${days} days; ask for a coarser resolution`;
    return { problems: [{ path: 'from', code: 'OUT_OF_RANGE', message }] };
  }
  const fields = p.metrics?.length ? p.metrics : undefined;
  return { query: { from, to, fields, resolution, series: p.series, format: p.format } };
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
