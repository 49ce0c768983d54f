import type { Aggregate, Bucket } from '../telemetry-store.js';

/** The JSON InfluxDB 1.x answers on /query (with epoch=ms). */
export interface RawResponse {
  results: Array<{
    error?: string;
    series?: Array<{ name: string; tags?: Record<string, string>; columns: string[]; values?: unknown[][] }>;
  }>;
}

const TAGS = new Set(['plant', 'device', 'class']);

export interface Row {
  ts: number;
  tags: Record<string, string>;
  fields: Record<string, unknown>;
}

/** Rows of every series, tags taken from the series (GROUP BY) or from tag columns (SELECT *). */
export function parseRows(res: RawResponse): Row[] {
  const out: Row[] = [];
  for (const result of res.results) {
    if (result.error) throw new Error(`InfluxDB: ${result.error}`);
    for (const s of result.series ?? []) {
      for (const v of s.values ?? []) {
        const row: Row = { ts: v[0] as number, tags: { ...s.tags }, fields: {} };
        s.columns.forEach((c, i) => {
          if (i === 0 || v[i] === null) return;
          if (TAGS.has(c)) row.tags[c] = String(v[i]);
          else row.fields[c] = v[i];
        });
        out.push(row);
      }
    }
  }
  return out;
}

const AGG = /^(mean|min|max|count)_(.+)$/;

/** Rows of `mean_<f>`, `min_<f>`, `max_<f>`, `count_<f>` columns as buckets; fields with count 0 are left out. */
export function parseBuckets(res: RawResponse): Bucket[] {
  return parseRows(res)
    .map((row) => {
      const values: Record<string, Partial<Aggregate>> = {};
      for (const [c, v] of Object.entries(row.fields)) {
        const m = AGG.exec(c);
        if (!m || typeof v !== 'number') continue;
        (values[m[2]] ??= {})[m[1] as keyof Aggregate] = v;
      }
      const complete: Record<string, Aggregate> = {};
      for (const [f, a] of Object.entries(values))
        if (a.count && a.mean !== undefined && a.min !== undefined && a.max !== undefined) complete[f] = a as Aggregate;
      return { ts: row.ts, values: complete };
    })
    .sort((a, b) => a.ts - b.ts);
}
