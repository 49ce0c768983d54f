import type { Lang } from './i18n.js';

/** Labels of the alerts panel beyond the shared ones in i18n.ts. */
const ALERT_UI = {
  evidence: { zh: '触发依据', en: 'Evidence' },
  offline: { zh: '未发送：与服务器的连接已断开', en: 'Not sent: the connection to the server is down' },
  refused: { zh: '服务器拒绝', en: 'Refused by the server' },
  retry: { zh: '重试', en: 'Retry' },
  shelveFor: { zh: '搁置时长', en: 'Shelve for' },
  shelveReason: { zh: '搁置原因（必填）', en: 'Reason for shelving (required)' },
  devicesIn: { zh: '台设备 ·', en: 'units in' },
  outageHint: { zh: '（可能是网络或平台中断）', en: '(a network or platform outage?)' },
  rule_class: { zh: '能效低于限值', en: 'efficiency below the class limit' },
  rule_drift_cusum: { zh: '偏离自学习基线', en: 'drift from the learned baseline' },
  rule_dq_gap: { zh: '数据中断', en: 'data gap' },
  rule_dq_silent: { zh: '无数据', en: 'no data' },
  rule_dq_stuck: { zh: '数值卡滞', en: 'stuck value' },
  rule_dq_impossible: { zh: '不可能的读数', en: 'impossible reading' },
  rule_ledger_balance: { zh: '计量平衡超限', en: 'meter balance out of band' },
  rule_other: { zh: '告警', en: 'alert' },
} as const;

export type AlertUiKey = keyof typeof ALERT_UI;
export const alertUi = (lang: Lang, k: AlertUiKey) => ALERT_UI[k][lang];
