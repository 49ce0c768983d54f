import { CLASS_TELEMETRY, type EquipmentClass, type MetricName } from '#contracts';

export type Lang = 'zh' | 'en';

const UI = {
  tagline: { zh: '重点用能设备能效在线监测', en: 'Live efficiency of key energy-using equipment' },
  connected: { zh: '实时', en: 'Live' },
  connecting: { zh: '连接中…', en: 'Connecting…' },
  disconnected: { zh: '已断开', en: 'Disconnected' },
  noData: { zh: '暂无数据', en: 'No data yet' },
  stale: { zh: '数据中断', en: 'Stale' },
  simulated: { zh: '模拟', en: 'Simulated' },
  devices: { zh: '台设备', en: 'devices' },
  switchLang: { zh: 'English', en: '中文' },
  ledgerLink: { zh: '能源台账', en: 'Energy ledger' },
  alerts: { zh: '告警', en: 'Alerts' },
  noAlerts: { zh: '当前无告警', en: 'No open alerts' },
  acknowledge: { zh: '确认', en: 'Acknowledge' },
  resolve: { zh: '关闭', en: 'Resolve' },
  shelve: { zh: '搁置', en: 'Shelve' },
  unshelve: { zh: '取消搁置', en: 'Unshelve' },
  resolveComment: { zh: '关闭说明（必填）', en: 'Comment for resolving (required)' },
  shelveReason: { zh: '搁置原因（必填），搁置 8 小时', en: 'Reason for shelving (required), shelved for 8 h' },
  st_open: { zh: '未确认', en: 'Open' },
  st_acknowledged: { zh: '已确认', en: 'Acknowledged' },
  st_shelved: { zh: '已搁置', en: 'Shelved' },
  st_resolved: { zh: '已关闭', en: 'Resolved' },
  pr_high: { zh: '高', en: 'High' },
  pr_medium: { zh: '中', en: 'Medium' },
  pr_low: { zh: '低', en: 'Low' },
  chattering: { zh: '抖动', en: 'Chattering' },
  staleAlert: { zh: '超过24小时', en: 'Open > 24 h' },
  unverified: { zh: '基准未核实', en: 'Unverified' },
  flood: { zh: '告警泛滥：10 分钟内新告警过多', en: 'Alarm flood: too many new alerts in 10 minutes' },
  grade: { zh: '级', en: 'Grade ' },
  belowGrade3: { zh: '低于3级', en: 'Below grade 3' },
  ndrc_benchmark: { zh: '标杆', en: 'Benchmark' },
  ndrc_baseline: { zh: '基准', en: 'Baseline' },
  ndrc_below: { zh: '低于基准', en: 'Below baseline' },
  learning: { zh: '学习基线中', en: 'Learning baseline' },
  j_OFF: { zh: '停机', en: 'Off' },
  j_STARTING: { zh: '启动中，不评判', en: 'Starting: not judged' },
  j_TRANSIENT: { zh: '负荷变化中，不评判', en: 'Load changing: not judged' },
  j_UNLOADED: { zh: '空载运行，不评判', en: 'Unloaded: not judged' },
  j_LEARNING: { zh: '学习基线中', en: 'Learning baseline' },
  j_OUTSIDE_BASELINE: { zh: '超出基线工况（学习中）', en: 'Outside baseline (learning it)' },
  j_NO_SPREAD: { zh: '基线无有效离散度，请重新学习', en: 'Baseline has no spread: re-learn' },
  j_INPUT_POWER_ONLY: { zh: '仅有输入功率，效率不可观测', en: 'Input power only: efficiency not observable' },
  j_NO_DATA: { zh: '有效读数不足', en: 'Too few usable readings' },
  limit: { zh: '限值', en: 'limit' },
  vsLimit: { zh: '对比限值', en: 'vs limit' },
} as const;

export type UiKey = keyof typeof UI;

const METRIC_LABELS: Partial<Record<MetricName, { zh: string; en: string }>> = {
  active_power: { zh: '有功功率', en: 'Active power' },
  reactive_power: { zh: '无功功率', en: 'Reactive power' },
  voltage: { zh: '电压', en: 'Voltage' },
  current: { zh: '电流', en: 'Current' },
  power_factor: { zh: '功率因数', en: 'Power factor' },
  frequency: { zh: '频率', en: 'Frequency' },
  hv_power: { zh: '高压侧功率', en: 'HV power' },
  lv_power: { zh: '低压侧功率', en: 'LV power' },
  oil_temperature: { zh: '油温', en: 'Oil temp.' },
  fuel_flow: { zh: '燃料流量', en: 'Fuel flow' },
  fuel_ncv: { zh: '燃料低位热值', en: 'Fuel NCV' },
  gas_flow: { zh: '燃气流量', en: 'Gas flow' },
  gas_ncv: { zh: '燃气低位热值', en: 'Gas NCV' },
  steam_flow: { zh: '蒸汽流量', en: 'Steam flow' },
  steam_enthalpy: { zh: '蒸汽焓', en: 'Steam enthalpy' },
  feedwater_enthalpy: { zh: '给水焓', en: 'Feedwater enthalpy' },
  output_rate: { zh: '产量', en: 'Output' },
  waste_heat_power: { zh: '余热发电', en: 'Waste-heat power' },
  temperature: { zh: '温度', en: 'Temperature' },
  o2: { zh: '烟气含氧量', en: 'Flue O₂' },
  air_flow: { zh: '排气量', en: 'Air flow' },
  discharge_pressure: { zh: '排气压力', en: 'Discharge pressure' },
  water_flow: { zh: '流量', en: 'Flow' },
  head: { zh: '扬程', en: 'Head' },
  ambient_temperature: { zh: '环境温度', en: 'Ambient' },
};

export function t(lang: Lang, key: UiKey): string {
  return UI[key][lang];
}

export function metricLabel(lang: Lang, m: MetricName): string {
  return METRIC_LABELS[m]?.[lang] ?? m;
}

export function classLabel(lang: Lang, c: EquipmentClass): string {
  return CLASS_TELEMETRY[c].labels[lang];
}

/** Labels of the per-device history panel (history.ts). */
const HISTORY_UI = {
  history: { zh: '历史曲线', en: 'History' },
  close: { zh: '关闭', en: 'Close' },
  range1h: { zh: '近1小时', en: 'Last hour' },
  range6h: { zh: '近6小时', en: 'Last 6 h' },
  range24h: { zh: '近24小时', en: 'Last 24 h' },
  loading: { zh: '加载中…', en: 'Loading…' },
  noHistory: { zh: '该时段无数据', en: 'No data in this period' },
  failed: { zh: '加载失败', en: 'Could not load history' },
  raw: { zh: '原始数据', en: 'raw readings' },
  '1m': { zh: '1分钟均值（阴影为最小–最大）', en: '1-minute means (band: min–max)' },
  '1h': { zh: '1小时均值（阴影为最小–最大）', en: '1-hour means (band: min–max)' },
  csv: { zh: '导出CSV', en: 'Export CSV' },
} as const;

export type HistoryUiKey = keyof typeof HISTORY_UI;

export function th(lang: Lang, key: HistoryUiKey): string {
  return HISTORY_UI[key][lang];
}

/** "12s ago", "5 min ago", "3 h ago", "2 d ago" — an operator reads a stale meter's age at a glance. */
export function formatAge(lang: Lang, seconds: number): string {
  const [n, zh, en] =
    seconds < 60
      ? [seconds, '秒前', 's ago']
      : seconds < 3600
        ? [Math.floor(seconds / 60), '分钟前', ' min ago']
        : seconds < 86_400
          ? [Math.floor(seconds / 3600), '小时前', ' h ago']
          : [Math.floor(seconds / 86_400), '天前', ' d ago'];
  return `${n}${lang === 'zh' ? zh : en}`;
}

/** Labels of the energy and carbon ledger page (ledger.ts). */
const LEDGER_UI = {
  title: { zh: '能源与碳排放台账', en: 'Energy and carbon ledger' },
  subject: { zh: '核算对象', en: 'Subject' },
  month: { zh: '月份', en: 'Month' },
  xlsx: { zh: '月报 Excel', en: 'Monthly report (.xlsx)' },
  pdf: { zh: '月报 PDF', en: 'Monthly report (PDF)' },
  console: { zh: '运行监控', en: 'Operations console' },
  plantGroup: { zh: '企业（厂）', en: 'Plants' },
  enterpriseGroup: { zh: '集团（法人）', en: 'Enterprises' },
  byCategory: { zh: '分品种能耗', en: 'Energy by category' },
  category: { zh: '能源品种', en: 'Category' },
  quantity: { zh: '实物量', en: 'Quantity' },
  kgce: { zh: '折标煤 (tce)', en: 'Standard coal (tce)' },
  tCo2: { zh: 'CO₂ (t)', en: 'CO₂ (t)' },
  biogenic: { zh: '生物质 CO₂ (t，单列)', en: 'Biogenic CO₂ (t, apart)' },
  cost: { zh: '费用 (元)', en: 'Cost (CNY)' },
  source: { zh: '来源', en: 'Source' },
  completeness: { zh: '完整度', en: 'Coverage' },
  total: { zh: '合计', en: 'Total' },
  mom: { zh: '环比', en: 'vs last month' },
  yoy: { zh: '同比', en: 'vs last year' },
  intensity: { zh: '单位产品能耗', en: 'Unit-product energy consumption' },
  line: { zh: '产线', en: 'Line' },
  product: { zh: '产品', en: 'Product' },
  output: { zh: '产量', en: 'Output' },
  perUnit: { zh: '单耗 (kgce/t)', en: 'kgce per t' },
  daily: { zh: '逐日折标煤 (tce)', en: 'Standard coal per day (tce)' },
  none: { zh: '本月无数据', en: 'No figures this month' },
  noOutput: { zh: '本月无产量', en: 'No output this month' },
  loading: { zh: '加载中…', en: 'Loading…' },
  failed: { zh: '加载失败', en: 'Could not load the ledger' },
  unpriced: { zh: '未计价', en: 'unpriced' },
  entryTitle: { zh: '数据补录', en: 'Data entry' },
  kind: { zh: '类型', en: 'Kind' },
  kind_output: { zh: '产量', en: 'Output' },
  kind_correction: { zh: '能耗更正', en: 'Correction' },
  kind_receipt: { zh: '燃料入厂（化验热值）', en: 'Fuel receipt (lab heating value)' },
  kind_meter_reading: { zh: '未联网表抄表', en: 'Reading of an unconnected meter' },
  kind_meter_swap: { zh: '换表', en: 'Meter replacement' },
  kind_meter_rollover: { zh: '表码翻转', en: 'Register roll-over' },
  kind_price: { zh: '燃料/热力价格', en: 'Fuel or heat price' },
  kind_tariff: { zh: '分时电价', en: 'Time-of-use tariff' },
  kind_factor: { zh: '本厂折算/排放因子', en: 'Site factor' },
  meter: { zh: '计量表', en: 'Meter' },
  factorQuantity: { zh: '因子类型', en: 'Factor' },
  fq_kgce: { zh: '折标系数（当量值）', en: 'kgce per unit (equivalent value)' },
  fq_kgce_equal: { zh: '折标系数（等价值）', en: 'kgce per unit (equal value)' },
  fq_kgce_per_mj: { zh: '每MJ折标煤', en: 'kgce per MJ' },
  fq_ncv: { zh: '低位发热量', en: 'Net calorific value' },
  fq_carbon: { zh: '单位热值含碳量', en: 'Carbon per heat' },
  fq_oxidation: { zh: '碳氧化率', en: 'Oxidation rate' },
  fq_co2_per_gj: { zh: '每GJ CO₂', en: 'CO₂ per GJ' },
  fq_grid: { zh: '电网排放因子', en: 'Grid emission factor' },
  ts: { zh: '时间（厂当地）', en: 'Time (plant local)' },
  ncv: { zh: '化验低位热值 (MJ/kg)', en: 'Lab NCV (MJ/kg)' },
  lab: { zh: '化验单位', en: 'Laboratory' },
  value: { zh: '读数/数值', en: 'Reading or value' },
  oldFinal: { zh: '旧表止码', en: 'Old meter final' },
  newInitial: { zh: '新表起码', en: 'New meter initial' },
  rollover: { zh: '表码量程（翻转值）', en: 'Register modulus' },
  unit: { zh: '单位', en: 'Unit' },
  price: { zh: '单价 (元/单位)', en: 'Price (CNY per unit)' },
  flatPrice: { zh: '平段电价 (元/kWh)', en: 'Flat price (CNY/kWh)' },
  ratio: { zh: '尖/峰/平/谷 比例', en: 'Sharp/peak/flat/valley ratio' },
  seasons: { zh: '时段（每行：月份: 时段 档位）', en: 'Periods (a line: months: from-to band, …)' },
  validFrom: { zh: '起始日期', en: 'Valid from' },
  validTo: { zh: '截止日期（不含）', en: 'Valid to (excl.)' },
  region: { zh: '地区代码', en: 'Region code' },
  document: { zh: '依据文件', en: 'Source document' },
  year: { zh: '年份', en: 'Year' },
  plant: { zh: '厂', en: 'Plant' },
  device: { zh: '设备', en: 'Device' },
  period: { zh: '日期或月份', en: 'Day or month' },
  date: { zh: '日期', en: 'Day' },
  amount: { zh: '数量', en: 'Quantity' },
  by: { zh: '填报人', en: 'Entered by' },
  note: { zh: '说明', en: 'Note' },
  submit: { zh: '提交', en: 'Submit' },
  saved: { zh: '已保存，已重算', en: 'Saved; figures recomputed' },
  src_register: { zh: '电表计数', en: 'register' },
  src_integrated: { zh: '功率积分', en: 'integrated' },
  src_manual: { zh: '手工录入', en: 'entered' },
  src_corrected: { zh: '已更正', en: 'corrected' },
  switchLang: { zh: 'English', en: '中文' },
} as const;

export type LedgerUiKey = keyof typeof LEDGER_UI;

export function tl(lang: Lang, key: LedgerUiKey): string {
  return LEDGER_UI[key][lang];
}
