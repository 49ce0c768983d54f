import type { KpiResult } from '#equipment';
import type { DetectionEvent, DetectorContext, DeviceState } from './types.js';

const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(v >= 100 ? 1 : 2));

/**
 * Class check: the KPI over the last `checkWindows` windows against the class limit at the same operating point.
 * Opens after the limit has been exceeded for `minDurationMs`; clears only after the KPI has been back inside the
 * limit by a margin for `clearDurationMs` (hysteresis: a value hovering at the line does not flap).
 */
export function classCheck(
  ctx: DetectorContext,
  s: DeviceState,
  k: KpiResult,
  ts: number,
  windowKpis: () => number[],
  out: DetectionEvent[],
): void {
  const p = ctx.params.classCheck;
  const c = s.cls;
  if (!k.checkable || k.shortfall === undefined || !Number.isFinite(k.shortfall)) return;
  const margin = p.clearMarginFrac * ctx.profile.highShortfall;
  const rule = `class.${ctx.device.class}` as const;
  if (!c.open) {
    if (k.shortfall > 0) {
      if (c.since < 0) c.since = ts;
      if (ts - c.since >= p.minDurationMs) {
        c.open = true;
        c.clearSince = -1;
        const high = k.shortfall > ctx.profile.highShortfall;
        const unverified = k.cite !== undefined && k.cite.confidence !== 'confirmed';
        const name = ctx.profile.kpiName;
        const dev = ctx.device.id;
        out.push({
          type: 'open',
          rule,
          kind: 'efficiency',
          priority: high ? 'high' : 'medium',
          ts: c.since,
          unverifiedBaseline: unverified,
          message: {
            en: `${dev}: ${name.en} ${fmt(k.value)} ${k.unit} is beyond the class limit ${fmt(k.limit)} ${k.unit}`,
            zh: `${dev}：${name.zh} ${fmt(k.value)} ${k.unit} 超出等级限值 ${fmt(k.limit)} ${k.unit}`,
          },
          evidence: {
            kpi: k,
            kpiWindow: windowKpis(),
            windowMs: ctx.params.windowMs,
            baselineVersion: ctx.baselineVersion,
            citation: k.cite,
            params: { ...p, checkWindows: ctx.profile.checkWindows, highShortfall: ctx.profile.highShortfall },
          },
        });
      }
    } else c.since = -1;
    return;
  }
  if (k.shortfall < -margin) {
    if (c.clearSince < 0) c.clearSince = ts;
    if (ts - c.clearSince >= p.clearDurationMs) {
      c.open = false;
      c.since = -1;
      out.push({ type: 'clear', rule, ts, evidence: { kpi: k } });
    }
  } else c.clearSince = -1;
}
