import type { Lang } from './i18n.js';

/** Words of the equipment level and of the online-monitoring indicators on the regulator page. */
export const EQ = {
  equipment: { zh: '设备', en: 'Equipment' },
  equipmentScope: {
    zh: '所列为产线所在工厂的全部重点用能设备（计量设备列在首位）。',
    en: 'All energy-using units of the line’s plant (the measuring unit first).',
  },
  gradeNote: {
    zh: '能效等级为设备台账视图（GB 18613、GB 19153、GB 24500、GB 20052），是本平台的约定，不是规划的口径。',
    en: 'Grades are the equipment register’s view (GB 18613, GB 19153, GB 24500, GB 20052): this platform’s convention, not the plan’s measure.',
  },
  unit: { zh: '设备', en: 'Unit' },
  measuring: { zh: '计量设备', en: 'measures the line' },
  cls: { zh: '类别', en: 'Class' },
  nameplate: { zh: '铭牌', en: 'Nameplate' },
  state: { zh: '最新状态', en: 'Latest state' },
  running: { zh: '运行', en: 'Running' },
  stopped: { zh: '停机', en: 'Stopped' },
  stale: { zh: '数据中断', en: 'Stale' },
  gradeHead: { zh: '能效等级（台账，平台约定）', en: 'Grade (register, platform convention)' },
  grade: { zh: '等级', en: 'Grade' },
  belowGrade3: { zh: '低于3级', en: 'Below grade 3' },
  notGraded: { zh: '未分级', en: 'Not graded' },
  energy: { zh: '本期能耗', en: 'Energy this period' },
  noEquipment: { zh: '无设备', en: 'No equipment' },
  kpiOver: { zh: '能效指标', en: 'KPI over' },
  mean: { zh: '平均', en: 'Mean' },
  min: { zh: '最低', en: 'Lowest' },
  max: { zh: '最高', en: 'Highest' },
  hours: { zh: '有数据小时数', en: 'Hours with data' },
  alertsIn: { zh: '本期告警', en: 'Alerts in' },
  noAlerts: { zh: '本期无告警', en: 'No alerts in the period' },
  opened: { zh: '发生时间', en: 'Opened' },
  priority: { zh: '优先级', en: 'Priority' },
  alertState: { zh: '状态', en: 'State' },
  message: { zh: '内容', en: 'Message' },
  ledger: { zh: '查看能源台账', en: 'Open the energy ledger' },
} as const;
export type EqKey = keyof typeof EQ;
export const te = (lang: Lang, k: EqKey): string => EQ[k][lang];

/** Words of the online-monitoring indicators section. */
export const MON = {
  title: { zh: '能耗在线监测指标', en: 'Online energy-monitoring indicators' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  month: { zh: '月份', en: 'Month' },
  show: { zh: '查询', en: 'Show' },
  uscc: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  region: { zh: '行政区划代码', en: 'Region code' },
  industry: { zh: '行业代码（GB/T 4754）', en: 'Industry (GB/T 4754)' },
  asOf: { zh: '数据截至', en: 'As of' },
  zone: { zh: '时区', en: 'Time zone' },
  lag: { zh: '最新数据滞后', en: 'Latest data lag' },
  monthly: { zh: '月指标', en: 'Month' },
  daily: { zh: '日指标', en: 'Days' },
  realtime: { zh: '15分钟指标（最近有数据的一天）', en: '15-minute figures (last day with data)' },
  period: { zh: '期间', en: 'Period' },
  kgce: { zh: '综合能耗 kgce', en: 'Energy kgce' },
  byType: { zh: '分品种能耗', en: 'By energy type' },
  output: { zh: '产量', en: 'Output' },
  unitConsumption: { zh: '单位产品能耗（kgce/单位产品）', en: 'Unit-product consumption (kgce per unit)' },
  completeness: { zh: '完整率', en: 'Completeness' },
  flags: { zh: '标记', en: 'Flags' },
  consistency: { zh: '日累计与月值一致性', en: 'Daily sums vs the month' },
  category: { zh: '能源品种', en: 'Energy type' },
  dailySum: { zh: '日累计', en: 'Sum of days' },
  deviation: { zh: '偏差', en: 'Deviation' },
  thresholds: { zh: '判定阈值', en: 'Thresholds' },
  deliveries: { zh: '向省级平台推送记录', en: 'Deliveries to the provincial platform' },
  queued: { zh: '排队时间', en: 'Queued' },
  kind: { zh: '类型', en: 'Kind' },
  status: { zh: '状态', en: 'Status' },
  attempts: { zh: '尝试次数', en: 'Attempts' },
  delivered: { zh: '送达时间', en: 'Delivered' },
  noDeliveries: { zh: '暂无推送记录', en: 'No deliveries yet' },
  noEnterprise: { zh: '请选择企业', en: 'Pick an enterprise' },
  partial: {
    zh: '仅含本辖区内的工厂（该企业在其他地区的工厂不在您的权限内）',
    en: 'Only the plants in your regions (the enterprise’s plants elsewhere are outside your scope)',
  },
  hour: { zh: '时', en: 'Hour' },
} as const;
export type MonKey = keyof typeof MON;
export const tm = (lang: Lang, k: MonKey): string => MON[k][lang];

export const FLAG: Record<string, { zh: string; en: string }> = {
  INCOMPLETE: { zh: '数据不完整', en: 'Incomplete' },
  INCONSISTENT: { zh: '日月不一致', en: 'Inconsistent' },
  LATE: { zh: '上报延迟', en: 'Late' },
};

export const DELIVERY_STATUS: Record<string, { zh: string; en: string }> = {
  pending: { zh: '待推送', en: 'Pending' },
  delivered: { zh: '已送达', en: 'Delivered' },
  failed: { zh: '失败', en: 'Failed' },
};

export const EXPORT_KIND: Record<string, { zh: string; en: string }> = {
  daily: { zh: '日', en: 'Day' },
  monthly: { zh: '月', en: 'Month' },
};
