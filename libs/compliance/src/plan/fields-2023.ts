import type { KeyField } from './types.js';

/**
 * The fields 《工业重点领域能效标杆水平和基准水平（2023年版）》(发改产业〔2023〕723号) adds to the 25 of 2021
 * (their upgrade-or-retire deadline is the end of 2026, not 2025). The 2023 edition keeps the 2021 fields.
 *
 * No value is shipped for these fields: their figures could not be read or found quoted, and a number written
 * without a source would be an invented one. Capacity in these fields is reported as "no level" (its own share,
 * never compliant) until a site enters the document's figures here.
 */
const NOT_TRANSCRIBED = 'levels not transcribed: enter them from the document (table of 发改产业〔2023〕723号)';

const f = (id: string, zh: string, en: string, industry: string, unit = 'kgce/t'): KeyField => ({
  id,
  zh,
  en,
  industry,
  edition: 2023,
  deadline: 2026,
  indicator: {
    zh: '单位产品综合能耗',
    en: 'unit-product comprehensive energy consumption',
    unit,
    energy: unit.startsWith('kgoe') ? 'kgoe' : 'kgce',
    product: 't',
    standard: '(to be entered with the levels)',
  },
  rows: [],
  note: NOT_TRANSCRIBED,
});

export const FIELDS_2023: KeyField[] = [
  f('urea', '尿素', 'urea', '2621'),
  f('titanium_dioxide', '钛白粉', 'titanium dioxide', '2644'),
  f('pvc', '聚氯乙烯', 'polyvinyl chloride', '2651'),
  f('pta', '精对苯二甲酸', 'purified terephthalic acid', '2614'),
  f('radial_tyres', '子午线轮胎', 'radial tyres', '2911'),
  f('industrial_silicon', '工业硅', 'industrial silicon', '3218'),
  f('toilet_base_paper', '卫生纸原纸', 'toilet tissue base paper', '2221'),
  f('tissue_base_paper', '纸巾原纸', 'facial tissue base paper', '2221'),
  f('woven_fabrics', '棉、化纤及混纺机织物', 'cotton, man-made fibre and blended woven fabrics', '1712'),
  f('knits_yarns', '针织物、纱线', 'knitted fabrics, yarns', '1761'),
  f('viscose_staple', '粘胶短纤维', 'viscose staple fibre', '2821'),
];
