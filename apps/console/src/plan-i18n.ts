import type { LineStatus } from '#contracts';
import type { Lang } from './i18n.js';

/** Words of the plan-compliance section of the regulator page. */
export const PLAN_UI = {
  planTitle: {
    zh: '规划目标达标情况（按产能，单位产品能耗）',
    en: 'Plan targets (by production capacity, unit-product energy)',
  },
  granularity: { zh: '统计期', en: 'Period' },
  month: { zh: '月', en: 'Month' },
  quarter: { zh: '季度', en: 'Quarter' },
  year: { zh: '年', en: 'Year' },
  from: { zh: '从', en: 'From' },
  to: { zh: '至', en: 'To' },
  apply: { zh: '查询', en: 'Show' },
  asOf: { zh: '数据截至', en: 'As of' },
  zone: { zh: '时区', en: 'Time zone' },
  completeness: { zh: '数据完整率', en: 'Data completeness' },
  province: { zh: '全省', en: 'Province' },
  field: { zh: '重点领域', en: 'Key field' },
  lines: { zh: '产线数', en: 'Lines' },
  capacity: { zh: '设计产能', en: 'Design capacity' },
  atBaseline: { zh: '≥基准 产能占比', en: 'Capacity ≥ 基准' },
  atBenchmark: { zh: '标杆 产能占比', en: 'Capacity at 标杆' },
  below: { zh: '低于基准', en: 'Below 基准' },
  missing: { zh: '缺数据/无水平值', en: 'Missing data or level' },
  gap: { zh: '距2025目标', en: 'Gap to 2025 targets' },
  meets: { zh: '达标', en: 'Meets' },
  misses: { zh: '未达标', en: 'Misses' },
  regions: { zh: '各地区', en: 'Regions' },
  enterprises: { zh: '各企业', en: 'Enterprises' },
  lineList: { zh: '产线', en: 'Production lines' },
  uscc: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  trend: { zh: '趋势（≥基准 / 标杆 产能占比）', en: 'Trend (capacity ≥ 基准 / at 标杆)' },
  value: { zh: '单位产品能耗', en: 'Unit-product consumption' },
  levels: { zh: '标杆 / 基准', en: '标杆 / 基准' },
  status: { zh: '状态', en: 'Status' },
  output: { zh: '产量', en: 'Output' },
  device: { zh: '计量设备', en: 'Measured by' },
  ledger: { zh: '能源台账', en: 'Energy ledger' },
  recalled: { zh: '水平值凭记忆录入，待核实', en: 'level recalled, to be checked' },
  transcribed: { zh: '水平值转录，未与原文核对', en: 'level transcribed, not checked against the document' },
  noLines: { zh: '此范围内无产线', en: 'No production lines in this scope' },
  pp: { zh: '个百分点', en: 'pp' },
  csv: { zh: '导出 CSV', en: 'Export CSV' },
  xlsx: { zh: '导出 Excel', en: 'Export Excel' },
  equipmentTitle: {
    zh: '设备能效等级（设备台账视图，非规划口径）',
    en: 'Equipment efficiency grades (equipment register view, not the plan’s measure)',
  },
  equipmentNote: {
    zh: '按设备类别和额定容量统计 GB 18613、GB 20052、GB 24500、GB 19153 等能效等级；“1级=标杆、2-3级=基准”的对应是本平台的约定，不是规划的口径。',
    en: 'Grades of GB 18613, GB 20052, GB 24500, GB 19153 … per equipment class, weighted by rating; mapping grade 1 to 标杆 and grades 2-3 to 基准 is this platform’s convention, not the plan’s.',
  },
} as const;
export type PlanUiKey = keyof typeof PLAN_UI;
export const tp = (lang: Lang, k: PlanUiKey): string => PLAN_UI[k][lang];

export const STATUS: Record<LineStatus, { zh: string; en: string }> = {
  benchmark: { zh: '达到标杆', en: 'At 标杆' },
  baseline: { zh: '达到基准', en: 'At or above 基准' },
  below: { zh: '低于基准', en: 'Below 基准' },
  no_data: { zh: '无数据', en: 'No data' },
  insufficient: { zh: '数据不足', en: 'Insufficient data' },
  no_level: { zh: '无水平值', en: 'No level' },
};

/** Alert states as the Chinese page names them (the feed printed the English words). */
export const ALERT_STATE: Record<string, { zh: string; en: string }> = {
  open: { zh: '未确认', en: 'Open' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  shelved: { zh: '已搁置', en: 'Shelved' },
  resolved: { zh: '已关闭', en: 'Resolved' },
};

export const PRIORITY: Record<string, { zh: string; en: string }> = {
  high: { zh: '高', en: 'High' },
  medium: { zh: '中', en: 'Medium' },
  low: { zh: '低', en: 'Low' },
};

/** Shaanxi's prefecture-level divisions (GB/T 2260 codes). */
export const REGIONS: Record<string, { zh: string; en: string }> = {
  '610000': { zh: '陕西省', en: 'Shaanxi' },
  '610100': { zh: '西安市', en: "Xi'an" },
  '610200': { zh: '铜川市', en: 'Tongchuan' },
  '610300': { zh: '宝鸡市', en: 'Baoji' },
  '610400': { zh: '咸阳市', en: 'Xianyang' },
  '610500': { zh: '渭南市', en: 'Weinan' },
  '610600': { zh: '延安市', en: "Yan'an" },
  '610700': { zh: '汉中市', en: 'Hanzhong' },
  '610800': { zh: '榆林市', en: 'Yulin' },
  '610900': { zh: '安康市', en: 'Ankang' },
  '611000': { zh: '商洛市', en: 'Shangluo' },
};

/** products of the ledger's output figures, by the key field they are measured for */
export const PRODUCTS: Record<string, { zh: string; en: string }> = {
  cement_clinker: { zh: '水泥熟料', en: 'cement clinker' },
  flat_glass: { zh: '平板玻璃', en: 'flat glass' },
  electrolytic_aluminium: { zh: '电解铝', en: 'electrolytic aluminium' },
};
