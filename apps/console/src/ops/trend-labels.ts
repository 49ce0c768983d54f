import type { Lang } from '../i18n.js';

/** Why a window of the KPI trend has no learned-baseline band (libs/detection kpi-band.ts), in both languages. */
const NO_BAND: Record<string, { zh: string; en: string }> = {
  LEARNING: { zh: '基线学习中', en: 'baseline still learning' },
  NO_SPREAD: { zh: '残差离散度未标定', en: 'no residual spread measured' },
  OFF: { zh: '停机', en: 'unit off' },
  UNLOADED: { zh: '空载', en: 'unloaded' },
  OUTSIDE_BASELINE: { zh: '工况未学习', en: 'operating point not learned' },
  NO_DATA: { zh: '数据不足', en: 'not enough data' },
  NOT_OBSERVABLE: { zh: '能效不可观测', en: 'efficiency not observable' },
  NO_BASELINE: { zh: '此服务无该设备的学习基线', en: 'no learned baseline on this server' },
};

export const bandReason = (lang: Lang, code: string | undefined): string =>
  code ? (NO_BAND[code]?.[lang] ?? code) : '—';

/** A marker at the cursor: an alert (opened … cleared) or a simulator fault (injected … cleared). */
export function markText(lang: Lang, kind: 'alert' | 'fault', what: string, from: string, until: string): string {
  if (lang === 'zh') return `${kind === 'alert' ? '▲ 告警' : '▽ 仿真故障'} ${what}：${from} → ${until}`;
  return `${kind === 'alert' ? '▲ Alert' : '▽ Simulated fault'} ${what}: ${from} → ${until}`;
}
