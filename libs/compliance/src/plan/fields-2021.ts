import type { Indicator, KeyField, LevelConfidence, LevelRow } from './types.js';

/**
 * The 25 key fields of 《高耗能行业重点领域能效标杆水平和基准水平（2021年版）》(发改产业〔2021〕1609号). Unit-product
 * energy consumption, lower is better. Read types.ts for what each confidence means: most figures here are
 * `recalled` (written from memory of the document's table) and must be checked against the document.
 */
const row = (
  id: string,
  zh: string,
  en: string,
  benchmark: number,
  baseline: number,
  confidence: LevelConfidence,
  note?: string,
): LevelRow => ({ id, zh, en, benchmark, baseline, confidence, ...(note ? { note } : {}) });

/** the values least sure of: a reader should check these first */
const WEAK = 'weak recollection';

const one = (benchmark: number, baseline: number, confidence: LevelConfidence, note?: string): LevelRow[] => [
  row('all', '全部', 'all', benchmark, baseline, confidence, note),
];

const kgce = (
  standard: string,
  zh = '单位产品综合能耗',
  en = 'unit-product comprehensive energy consumption',
): Indicator => ({
  zh,
  en,
  unit: 'kgce/t',
  energy: 'kgce',
  product: 't',
  standard,
});
const kgoe = (standard: string): Indicator => ({ ...kgce(standard), unit: 'kgoe/t', energy: 'kgoe' });

const f = (x: Omit<KeyField, 'edition' | 'deadline'>): KeyField => ({ ...x, edition: 2021, deadline: 2025 });

export const FIELDS_2021: KeyField[] = [
  // 石油、煤炭及其他燃料加工业 / 化学原料和化学制品制造业
  f({
    id: 'oil_refining',
    zh: '炼油',
    en: 'oil refining',
    industry: '2511',
    indicator: {
      zh: '单位能量因数综合能耗',
      en: 'comprehensive energy consumption per unit of energy factor',
      unit: 'kgoe/(t·energy factor)',
      energy: 'kgoe',
      product: 't_energy_factor',
      standard: 'GB 30251',
    },
    rows: one(7.5, 8.5, 'recalled'),
    note: 'the denominator is crude processed × the refinery energy factor (GB 30251): not derivable from output metering alone',
  }),
  f({
    id: 'coke',
    zh: '煤制焦炭',
    en: 'coal to coke',
    industry: '2521',
    indicator: kgce('GB 21342'),
    rows: [
      row('top_charged', '顶装焦炉', 'top-charged coke oven', 110, 135, 'recalled'),
      row('stamp_charged', '捣固焦炉', 'stamp-charged coke oven', 110, 140, 'recalled'),
    ],
  }),
  f({
    id: 'coal_methanol',
    zh: '煤制甲醇',
    en: 'coal to methanol',
    industry: '2614',
    indicator: kgce('GB 29436'),
    rows: one(1400, 1800, 'recalled'),
  }),
  f({
    id: 'coal_olefins',
    zh: '煤制烯烃',
    en: 'coal to olefins',
    industry: '2614',
    indicator: kgce('GB 30180'),
    rows: one(2800, 3300, 'recalled'),
  }),
  f({
    id: 'coal_ethylene_glycol',
    zh: '煤制乙二醇',
    en: 'coal to ethylene glycol',
    industry: '2614',
    indicator: kgce('none named (recalled): no GB limit standard for this product at the time'),
    rows: one(1000, 1350, 'recalled'),
  }),
  f({
    id: 'caustic_soda',
    zh: '烧碱',
    en: 'caustic soda',
    industry: '2612',
    indicator: kgce('GB 21257'),
    rows: [
      row('liquid_30', '离子膜法液碱 ≥30%', 'ion-membrane liquid ≥ 30 %', 315, 350, 'recalled'),
      row('liquid_45', '离子膜法液碱 ≥45%', 'ion-membrane liquid ≥ 45 %', 420, 470, 'recalled'),
      row('solid_98', '离子膜法固碱 ≥98%', 'ion-membrane solid ≥ 98 %', 620, 685, 'recalled'),
    ],
  }),
  f({
    id: 'soda_ash',
    zh: '纯碱',
    en: 'soda ash',
    industry: '2612',
    indicator: kgce('GB 29140'),
    rows: [
      row('ammonia_soda', '氨碱法', 'ammonia-soda (Solvay) process', 285, 340, 'recalled'),
      row('combined', '联碱法', 'combined soda-ammonium chloride process', 160, 245, 'recalled'),
    ],
    note: `${WEAK}; light / dense soda ash rows of the document not told apart here`,
  }),
  f({
    id: 'calcium_carbide',
    zh: '电石',
    en: 'calcium carbide',
    industry: '2619',
    indicator: kgce('GB 21343'),
    rows: one(805, 940, 'recalled'),
  }),
  f({
    id: 'ethylene',
    zh: '乙烯',
    en: 'ethylene',
    industry: '2614',
    indicator: kgoe('GB 30250'),
    rows: one(590, 640, 'recalled'),
  }),
  f({
    id: 'paraxylene',
    zh: '对二甲苯',
    en: 'paraxylene',
    industry: '2614',
    indicator: kgoe('GB 31534'),
    rows: one(380, 550, 'recalled'),
  }),
  f({
    id: 'yellow_phosphorus',
    zh: '黄磷',
    en: 'yellow phosphorus',
    industry: '2619',
    indicator: kgce('GB 21345'),
    rows: one(2300, 2800, 'recalled'),
  }),
  f({
    id: 'synthetic_ammonia',
    zh: '合成氨',
    en: 'synthetic ammonia',
    industry: '2621',
    indicator: kgce('GB 21344'),
    rows: [
      row('anthracite_lump', '优质无烟块煤', 'high-quality anthracite lump', 1100, 1200, 'recalled'),
      row('other_lump', '非优质无烟块煤、型煤', 'other anthracite lump, briquettes', 1200, 1350, 'recalled'),
      row('pulverised', '粉煤（含无烟粉煤、烟煤）', 'pulverised coal', 1350, 1550, 'recalled'),
      row('natural_gas', '天然气', 'natural gas', 1000, 1200, 'recalled'),
    ],
  }),
  f({
    id: 'monoammonium_phosphate',
    zh: '磷酸一铵',
    en: 'monoammonium phosphate',
    industry: '2622',
    indicator: kgce('GB 29138'),
    rows: one(230, 260, 'recalled', `${WEAK}; process rows (传统法 / 料浆法) of the document not told apart here`),
  }),
  f({
    id: 'diammonium_phosphate',
    zh: '磷酸二铵',
    en: 'diammonium phosphate',
    industry: '2622',
    indicator: kgce('GB 29138'),
    rows: one(245, 275, 'recalled', `${WEAK}; process rows (传统法 / 料浆法) of the document not told apart here`),
  }),
  // 非金属矿物制品业
  f({
    id: 'cement_clinker',
    zh: '水泥熟料',
    en: 'cement clinker',
    industry: '3011',
    indicator: kgce('GB 16780-2021', '单位熟料综合能耗', 'comprehensive energy consumption per tonne of clinker'),
    rows: one(100, 117, 'confirmed', 'GB 16780-2021 §5.3 altitude correction applies above 1,500 m'),
  }),
  f({
    id: 'flat_glass',
    zh: '平板玻璃',
    en: 'flat glass',
    industry: '3041',
    indicator: {
      zh: '单位产品综合能耗',
      en: 'unit-product comprehensive energy consumption',
      unit: 'kgce/weight box',
      energy: 'kgce',
      product: 'weight_box',
      standard: 'GB 21340',
    },
    rows: [
      row('gt_800_tpd', '生产能力 >800 t/d', 'capacity > 800 t/d', 8, 12, 'transcribed', 'benchmark given as ≈ 8-8.5'),
      row('500_800_tpd', '500 t/d ≤ 生产能力 ≤ 800 t/d', 'capacity 500-800 t/d', 9.5, 13.5, 'recalled'),
    ],
  }),
  f({
    id: 'building_ceramics',
    zh: '建筑陶瓷',
    en: 'building ceramics',
    industry: '3071',
    indicator: {
      zh: '单位产品综合能耗',
      en: 'unit-product comprehensive energy consumption',
      unit: 'kgce/m²',
      energy: 'kgce',
      product: 'm2',
      standard: 'GB 21252',
    },
    rows: [
      row('e_le_0_5', '吸水率 ≤0.5% 的陶瓷砖', 'tiles, water absorption ≤ 0.5 %', 4, 7, 'recalled'),
      row('e_0_5_10', '0.5% < 吸水率 ≤10%', 'tiles, 0.5 % < absorption ≤ 10 %', 3.7, 4.6, 'recalled'),
      row('e_gt_10', '吸水率 >10%', 'tiles, absorption > 10 %', 3.5, 4.5, 'recalled'),
    ],
  }),
  f({
    id: 'sanitary_ceramics',
    zh: '卫生陶瓷',
    en: 'sanitary ceramics',
    industry: '3072',
    indicator: kgce('GB 21252'),
    rows: one(300, 630, 'recalled'),
  }),
  // 黑色金属冶炼和压延加工业
  f({
    id: 'ironmaking',
    zh: '炼铁（高炉工序）',
    en: 'ironmaking (blast furnace)',
    industry: '3110',
    indicator: kgce('GB 21256', '高炉工序单位产品能耗', 'blast-furnace process energy per tonne of iron'),
    rows: one(361, 435, 'transcribed'),
  }),
  f({
    id: 'steelmaking',
    zh: '炼钢',
    en: 'steelmaking',
    industry: '3120',
    indicator: kgce('GB 21256 / GB 32050', '工序单位产品能耗', 'process energy per tonne of steel'),
    rows: [
      row(
        'bof',
        '转炉工序',
        'basic oxygen furnace',
        -30,
        -10,
        'recalled',
        'negative: energy recovered exceeds energy used',
      ),
      row('eaf_30_50', '电弧炉冶炼 30 t ≤ 公称容量 < 50 t', 'electric arc furnace 30-50 t', 67, 86, 'recalled'),
      row('eaf_ge_50', '电弧炉冶炼 公称容量 ≥ 50 t', 'electric arc furnace ≥ 50 t', 61, 72, 'transcribed'),
    ],
  }),
  f({
    id: 'ferroalloy',
    zh: '铁合金冶炼',
    en: 'ferroalloy smelting',
    industry: '3140',
    indicator: kgce('GB 21341'),
    rows: [
      row('ferrosilicon', '硅铁', 'ferrosilicon', 1770, 1900, 'recalled'),
      row('silicomanganese', '锰硅合金', 'silicomanganese', 860, 950, 'recalled'),
      row('high_carbon_ferrochrome', '高碳铬铁', 'high-carbon ferrochrome', 710, 800, 'recalled'),
    ],
    note: `${WEAK}; other alloys of the document (e.g. high-carbon ferromanganese) not transcribed`,
  }),
  // 有色金属冶炼和压延加工业
  f({
    id: 'copper_smelting',
    zh: '铜冶炼',
    en: 'copper smelting',
    industry: '3211',
    indicator: kgce('GB 21248', '铜精矿—阴极铜单位产品综合能耗', 'concentrate to cathode, per tonne of copper'),
    rows: one(260, 380, 'recalled'),
  }),
  f({
    id: 'lead_smelting',
    zh: '铅冶炼',
    en: 'lead smelting',
    industry: '3212',
    indicator: kgce('GB 21250', '粗铅单位产品综合能耗', 'per tonne of crude lead'),
    rows: one(230, 330, 'recalled', WEAK),
  }),
  f({
    id: 'zinc_smelting',
    zh: '锌冶炼',
    en: 'zinc smelting',
    industry: '3212',
    indicator: kgce('GB 21249', '锌冶炼单位产品综合能耗', 'per tonne of zinc'),
    rows: one(1100, 1280, 'recalled', `${WEAK}; hydrometallurgical route, pyrometallurgical rows not transcribed`),
  }),
  f({
    id: 'electrolytic_aluminium',
    zh: '电解铝',
    en: 'electrolytic aluminium',
    industry: '3216',
    indicator: {
      zh: '铝液交流电耗',
      en: 'AC power per tonne of liquid aluminium',
      unit: 'kWh/t',
      energy: 'kWh_ac',
      product: 't',
      standard: 'GB 21346-2022',
    },
    rows: one(13000, 13350, 'confirmed'),
  }),
];
