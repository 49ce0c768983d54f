import type { ClassProfile } from '#equipment';
import type { HistoryRow, KpiHistoryRow } from '#contracts';
import type { KpiBand } from '#detection';

/**
 * The KPI of each history row, by the class's own formula applied to the row's channel means (a window's mean
 * input over its mean output is its energy-weighted KPI). Rows the profile cannot use (a channel missing) and
 * non-finite KPIs are left out. `band`: the learned-baseline band of a row's means, where the device has a baseline.
 * Pure.
 */
export function kpiSeries(
  profile: ClassProfile,
  rows: readonly HistoryRow[],
  band?: (means: readonly number[]) => KpiBand,
): KpiHistoryRow[] {
  const out: KpiHistoryRow[] = [];
  const sums = new Array<number>(profile.channels.length);
  for (const r of rows) {
    sums.fill(0);
    if (!profile.add(r.values, r.ts, sums, 0)) continue;
    const k = profile.kpi(sums);
    if (!Number.isFinite(k.value)) continue;
    const round = (v: number) => Number(v.toFixed(4));
    const b = band?.(sums);
    out.push({
      ts: r.ts,
      value: round(k.value),
      ...(k.limit !== undefined && Number.isFinite(k.limit) ? { limit: round(k.limit) } : {}),
      ...(b && 'lo' in b ? { expected: round(b.expected), lo: round(b.lo), hi: round(b.hi) } : {}),
      ...(b && 'reason' in b ? { noBand: b.reason } : {}),
    });
  }
  return out;
}
