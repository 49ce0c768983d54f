import type { Reading } from '#contracts';
import type { DetectionEvent, DetectorContext, DeviceState } from './types.js';

/**
 * Data-quality checks. They raise data-quality events only, and keep bad readings out of the KPI windows, so a
 * sensor fault never reads as an efficiency change. Returns false when the reading must not enter the KPI.
 */
export function checkQuality(ctx: DetectorContext, s: DeviceState, r: Reading, out: DetectionEvent[]): boolean {
  const p = ctx.params.dataQuality;
  const dq = s.dq;
  const dev = ctx.device.id;

  // gaps: seen when the next reading arrives (no clock here)
  if (s.lastTs >= 0 && r.ts - s.lastTs > p.gapMs) {
    dq.gapSince = r.ts;
    if (!dq.gapOpen) {
      dq.gapOpen = true;
      const minutes = Math.round((r.ts - s.lastTs) / 60_000);
      out.push({
        type: 'open',
        rule: 'dq.gap',
        kind: 'data_quality',
        priority: 'low',
        ts: s.lastTs,
        message: {
          en: `${dev}: no data for ${minutes} min`,
          zh: `${dev}：数据中断 ${minutes} 分钟`,
        },
        evidence: { lastReadingAt: s.lastTs, resumedAt: r.ts, gapMs: r.ts - s.lastTs, params: p },
      });
    }
  } else if (dq.gapOpen && r.ts - dq.gapSince >= p.gapClearMs) {
    dq.gapOpen = false;
    out.push({ type: 'clear', rule: 'dq.gap', ts: r.ts });
  }

  // stuck values: identical non-zero readings of a watched metric
  let usable = true;
  let stuckNow = false;
  const watch = ctx.profile.watch;
  for (let i = 0; i < watch.length; i++) {
    const v = r.metrics[watch[i]];
    if (v === undefined) continue;
    if (v !== 0 && v === dq.last[i]) {
      dq.repeat[i]++;
      if (dq.repeat[i] + 1 >= p.stuckExclude) usable = false;
      if (dq.repeat[i] + 1 >= p.stuckReadings && r.ts - dq.repeatSince[i] >= p.stuckMs) stuckNow = true;
    } else {
      dq.last[i] = v;
      dq.repeat[i] = 0;
      dq.repeatSince[i] = r.ts;
    }
  }
  if (stuckNow && !dq.stuckOpen) {
    dq.stuckOpen = true;
    const i = dq.repeat.indexOf(Math.max(...dq.repeat));
    out.push({
      type: 'open',
      rule: 'dq.stuck',
      kind: 'data_quality',
      priority: 'low',
      ts: dq.repeatSince[i],
      message: {
        en: `${dev}: ${watch[i]} stuck at ${dq.last[i]}`,
        zh: `${dev}：${watch[i]} 数值冻结在 ${dq.last[i]}`,
      },
      evidence: {
        metric: watch[i],
        value: dq.last[i],
        since: dq.repeatSince[i],
        readings: dq.repeat[i] + 1,
        params: p,
      },
    });
  } else if (dq.stuckOpen && usable) {
    dq.stuckOpen = false;
    out.push({ type: 'clear', rule: 'dq.stuck', ts: r.ts });
  }

  // physically impossible readings
  const why = ctx.profile.impossible(r.metrics);
  if (why) {
    usable = false;
    dq.lastImpossible = r.ts;
    dq.lastReason = why;
    dq.impossibleTs.push(r.ts);
    while (dq.impossibleTs.length && r.ts - dq.impossibleTs[0] > p.impossibleWindowMs) dq.impossibleTs.shift();
    if (!dq.impossibleOpen && dq.impossibleTs.length >= p.impossibleCount) {
      dq.impossibleOpen = true;
      out.push({
        type: 'open',
        rule: 'dq.impossible',
        kind: 'data_quality',
        priority: 'low',
        ts: dq.impossibleTs[0],
        message: { en: `${dev}: physically impossible readings (${why})`, zh: `${dev}：读数不符合物理规律（${why}）` },
        evidence: { reason: why, count: dq.impossibleTs.length, metrics: r.metrics, params: p },
      });
    }
  } else if (dq.impossibleOpen && r.ts - dq.lastImpossible >= p.impossibleClearMs) {
    dq.impossibleOpen = false;
    dq.impossibleTs.length = 0;
    out.push({ type: 'clear', rule: 'dq.impossible', ts: r.ts });
  }
  return usable;
}
