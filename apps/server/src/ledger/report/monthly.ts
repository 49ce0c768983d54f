import { TOU_BAND_NAMES, type LedgerResponse, type MonthlyReport } from '#contracts';

export type Lang = MonthlyReport['lang'];
export type { MonthlyReport };

const T = {
  zh: {
    title: '能源消费与碳排放月报',
    headers: [
      '能源品种',
      '单位',
      '实物量',
      '折标煤 (kgce)',
      'CO₂ (t)',
      '生物质 CO₂ (t)',
      '费用 (元)',
      '数据完整率',
      '来源',
    ],
    total: '合计',
    outputHeaders: ['产线', '产品', '产量', '单位', '能耗 (kgce)', '单位产品能耗 (kgce/单位)'],
    mom: '环比',
    yoy: '同比',
    cost: '费用',
    unpriced: (q: string) => `未定价的量（不计入费用）：${q}`,
    bands: '分时电量与电费',
    band: { sharp: '尖峰', peak: '峰', flat: '平', valley: '谷' },
    money: '元',
    source: { register: '计量表读数', integrated: '功率/流量积分', manual: '人工补录', corrected: '人工修正' },
    level: { plant: '工厂', enterprise: '企业', device: '设备', region: '地区' },
  },
  en: {
    title: 'Monthly energy and carbon report',
    headers: [
      'Energy category',
      'Unit',
      'Quantity',
      'Standard coal (kgce)',
      'CO₂ (t)',
      'Biogenic CO₂ (t)',
      'Cost (CNY)',
      'Completeness',
      'Source',
    ],
    total: 'Total',
    outputHeaders: ['Line', 'Product', 'Output', 'Unit', 'Energy (kgce)', 'Unit consumption (kgce/unit)'],
    mom: 'vs last month',
    yoy: 'vs last year',
    cost: 'cost',
    unpriced: (q: string) => `Quantity with no tariff or price (not in the cost): ${q}`,
    bands: 'Electricity by time-of-use band',
    band: { sharp: 'sharp peak', peak: 'peak', flat: 'flat', valley: 'valley' },
    money: 'CNY',
    source: { register: 'register', integrated: 'integrated', manual: 'entered', corrected: 'corrected' },
    level: { plant: 'Plant', enterprise: 'Enterprise', device: 'Device', region: 'Region' },
  },
} as const;

const pct = (x?: number) => (x === undefined ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`);

export function monthlyReport(r: LedgerResponse, lang: Lang, subjectName: string): MonthlyReport {
  const t = T[lang];
  const p = r.periods[0]!;
  const rows = p.categories.map((c) => [
    lang === 'zh' ? c.nameZh : c.nameEn,
    c.unit,
    c.quantity,
    c.kgce,
    c.tCo2,
    c.tCo2Biogenic,
    c.cost ?? '–',
    `${(c.completeness * 100).toFixed(1)} %`,
    c.sources.map((s) => t.source[s]).join(', '),
  ]);
  return {
    lang,
    title: t.title,
    subject: `${t.level[r.level]}: ${subjectName}`,
    month: p.label,
    headers: [...t.headers],
    rows,
    totals: {
      label: t.total,
      kgce: p.kgce,
      tCo2: p.tCo2,
      tCo2Biogenic: p.tCo2Biogenic,
      cost: p.cost ?? '–',
      ...(p.mom?.kgcePct !== undefined ? { momPct: p.mom.kgcePct } : {}),
      ...(p.yoy?.kgcePct !== undefined ? { yoyPct: p.yoy.kgcePct } : {}),
    },
    outputHeaders: [...t.outputHeaders],
    outputs: p.outputs.map((o) => [o.line, o.product, o.quantity, o.unit, o.kgce, o.kgcePerUnit ?? '–']),
    notes: [
      `${t.mom} (kgce): ${pct(p.mom?.kgcePct)} · ${t.yoy} (kgce): ${pct(p.yoy?.kgcePct)}`,
      `${t.mom} (CO₂): ${pct(p.mom?.tCo2Pct)} · ${t.yoy} (CO₂): ${pct(p.yoy?.tCo2Pct)}`,
      `${t.mom} (${t.cost}): ${pct(p.mom?.costPct)} · ${t.yoy} (${t.cost}): ${pct(p.yoy?.costPct)}`,
      ...p.categories.flatMap((c) =>
        c.bands
          ? [
              `${t.bands}: ` +
                TOU_BAND_NAMES.map(
                  (b) => `${t.band[b]} ${num(c.bands![b].kWh)} kWh / ${num(c.bands![b].cost)} ${t.money}`,
                ).join(' · '),
            ]
          : [],
      ),
      ...(p.categories.some((c) => c.unpriced)
        ? [
            t.unpriced(
              p.categories
                .filter((c) => c.unpriced)
                .map((c) => `${lang === 'zh' ? c.nameZh : c.nameEn} ${num(c.unpriced!)} ${c.unit}`)
                .join(', '),
            ),
          ]
        : []),
    ],
  };
}

const num = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
