import type { Lang } from '../i18n.js';
import type { Status } from './status.js';

/** Names of the display states and of the operator screens, in both languages. */
const STATUS: Record<Status, { zh: string; en: string }> = {
  alarm: { zh: '告警', en: 'In alarm' },
  below: { zh: '低于限值', en: 'Below limit' },
  outside: { zh: '偏离基线', en: 'Outside baseline' },
  stale: { zh: '数据中断', en: 'Stale' },
  unobservable: { zh: '不可观测', en: 'Not observable' },
  normal: { zh: '正常', en: 'Normal' },
};

export const statusLabel = (lang: Lang, s: Status) => STATUS[s][lang];

const OPS = {
  allPlants: { zh: '全部工厂', en: 'All plants' },
  noArea: { zh: '未分区', en: 'No area' },
  allClasses: { zh: '全部类别', en: 'All classes' },
  allStates: { zh: '全部状态', en: 'All states' },
  search: { zh: '搜索设备名称或编号', en: 'Search name or id' },
  units: { zh: '台', en: 'units' },
  unit: { zh: '台', en: 'unit' },
  shown: { zh: '显示', en: 'shown' },
  overview: { zh: '总览', en: 'Overview' },
  technicians: { zh: '调试维护', en: 'Technicians' },
  regulator: { zh: '监管', en: 'Regulator' },
  diagnostics: { zh: '诊断', en: 'Diagnostics' },
  operating: { zh: '运行状态', en: 'Operating state' },
  judgement: { zh: '评判', en: 'Judgement' },
  driftPhase: { zh: '自学习基线', en: 'Learned baseline' },
  residual: { zh: '标准化残差', en: 'Standardised residual' },
  energyRate: { zh: '能耗速率', en: 'Energy rate' },
  noKpi: { zh: '暂无能效指标', en: 'No KPI yet' },
  plantTz: { zh: '工厂时区', en: 'Plant time zone' },
  back: { zh: '返回', en: 'Back' },
} as const;
export type OpsKey = keyof typeof OPS;
export const to = (lang: Lang, k: OpsKey) => OPS[k][lang];

/** Codes the unit display shows (operating state, judgement, learned-baseline phase), in both languages. */
const CODES: Record<string, { zh: string; en: string }> = {
  off: { zh: '停机', en: 'off' },
  starting: { zh: '启动中', en: 'starting' },
  steady: { zh: '稳定运行', en: 'steady' },
  unloaded: { zh: '空载', en: 'unloaded' },
  transient: { zh: '负荷变化中', en: 'load changing' },
  judged: { zh: '已评判', en: 'judged' },
  learning: { zh: '学习中', en: 'learning' },
  outside_baseline: { zh: '超出基线工况', en: 'outside the baseline' },
  not_judged: { zh: '未评判', en: 'not judged' },
  not_observable: { zh: '不可观测', en: 'not observable' },
  fit: { zh: '拟合中', en: 'fitting' },
  calibrate: { zh: '标定中', en: 'calibrating' },
  monitor: { zh: '监测中', en: 'monitoring' },
};
export const codeLabel = (lang: Lang, code: string) => CODES[code]?.[lang] ?? code;
