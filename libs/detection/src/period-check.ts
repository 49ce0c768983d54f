import type { DetectionEvent, DetectorContext, DeviceState } from './types.js';

const PLANT_UTC_OFFSET_MS = 8 * 3_600_000;

/** Start (data time) of the statistical period holding `ts`: calendar year or month, plant time (UTC+8). */
export function periodStart(ts: number, unit: 'year' | 'month'): number {
  const d = new Date(ts + PLANT_UTC_OFFSET_MS);
  const start = Date.UTC(d.getUTCFullYear(), unit === 'year' ? 0 : d.getUTCMonth(), 1);
  return start - PLANT_UTC_OFFSET_MS;
}

/**
 * Class check over the statistical period the standard's figure is defined for (kilns: NDRC 基准 and GB 16780
 * are unit-product consumption over a year): every running window's totals are summed, and when the period has
 * closed its figure is held to the limit. A period with data in less than half of its windows is not judged.
 */
export function periodCheck(
  ctx: DetectorContext,
  s: DeviceState,
  means: readonly number[],
  running: boolean,
  ts: number,
  out: DetectionEvent[],
): void {
  const pr = ctx.profile.period;
  if (!pr) return;
  const st = s.period;
  const start = periodStart(ts - ctx.params.windowMs, pr.unit);
  if (st.start !== start) {
    if (st.start >= 0) judgePeriod(ctx, s, start, ts, out);
    st.start = start;
    st.num = 0;
    st.den = 0;
    st.windows = 0;
  }
  st.windows++;
  if (!running) return;
  const [num, den] = pr.totals(means);
  if (!Number.isFinite(num) || !Number.isFinite(den)) return;
  st.num += num;
  st.den += den;
}

function judgePeriod(ctx: DetectorContext, s: DeviceState, end: number, ts: number, out: DetectionEvent[]): void {
  const st = s.period;
  const pr = ctx.profile.period!;
  const expected = (end - st.start) / ctx.params.windowMs;
  if (st.den <= 0 || st.windows < expected / 2) return;
  const k = pr.judge(st.num / st.den);
  if (k.shortfall === undefined) return;
  const rule = `class.${ctx.device.class}` as const;
  const period = { start: st.start, end, windows: st.windows, expectedWindows: expected, unit: pr.unit };
  if (k.shortfall > 0 && !st.open) {
    st.open = true;
    const dev = ctx.device.id;
    const name = ctx.profile.kpiName;
    const v = k.value.toFixed(1);
    const lim = k.limit?.toFixed(1);
    out.push({
      type: 'open',
      rule,
      kind: 'efficiency',
      priority: k.shortfall > ctx.profile.highShortfall ? 'high' : 'medium',
      ts,
      unverifiedBaseline: k.cite !== undefined && k.cite.confidence !== 'confirmed',
      message: {
        en: `${dev}: ${pr.unit}ly ${name.en.replace(/ \(.*\)$/, '')} ${v} ${k.unit} is beyond the level ${lim} ${k.unit}`,
        zh: `${dev}：统计期（${pr.unit === 'year' ? '年' : '月'}）单位产品能耗 ${v} ${k.unit} 超出限值 ${lim} ${k.unit}`,
      },
      evidence: { kpi: k, period, baselineVersion: ctx.baselineVersion, citation: k.cite },
    });
  } else if (k.shortfall <= 0 && st.open) {
    st.open = false;
    out.push({ type: 'clear', rule, ts, evidence: { kpi: k, period } });
  }
}
