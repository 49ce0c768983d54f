import type { ClassProfile } from '#equipment';
import type { HistoryRow, KpiHistoryRow } from '#contracts';

/**
 * The KPI of each history row, by the class's own formula applied to the row's channel means (a window's mean
 * input over its mean output is its energy-weighted KPI). Rows the profile cannot use (a channel missing) and
 * non-finite KPIs are left out. Pure.
 */
export function kpiSeries(profile: ClassProfile, rows: readonly HistoryRow[]): KpiHistoryRow[] {
  const out: KpiHistoryRow[] = [];
  const sums = new Array<number>(profile.channels.length);
  for (const r of rows) {
    sums.fill(0);
    if (!profile.add(r.values, r.ts, sums, 0)) continue;
    const k = profile.kpi(sums);
    if (!Number.isFinite(k.value)) continue;
    const round = (v: number) => Number(v.toFixed(4));
    out.push({
      ts: r.ts,
      value: round(k.value),
      ...(k.limit !== undefined && Number.isFinite(k.limit) ? { limit: round(k.limit) } : {}),
    });
  }
  return out;
}
