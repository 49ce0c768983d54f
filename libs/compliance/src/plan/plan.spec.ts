import { FIELDS_2021, FIELDS_2023, KEY_FIELDS, PLAN_DOCUMENTS, keyField, levelOfValue, levelRow } from './index.js';

/** The 25 fields the 2021 list names (发改产业〔2021〕1609号), in Chinese as the document names them. */
const LIST_2021 = [
  '炼油',
  '煤制焦炭',
  '煤制甲醇',
  '煤制烯烃',
  '煤制乙二醇',
  '烧碱',
  '纯碱',
  '电石',
  '乙烯',
  '对二甲苯',
  '黄磷',
  '合成氨',
  '磷酸一铵',
  '磷酸二铵',
  '水泥熟料',
  '平板玻璃',
  '建筑陶瓷',
  '卫生陶瓷',
  '炼铁',
  '炼钢',
  '铁合金冶炼',
  '铜冶炼',
  '铅冶炼',
  '锌冶炼',
  '电解铝',
];
/** The 11 fields the 2023 edition adds (发改产业〔2023〕723号). */
const LIST_2023 = [
  '尿素',
  '钛白粉',
  '聚氯乙烯',
  '精对苯二甲酸',
  '子午线轮胎',
  '工业硅',
  '卫生纸原纸',
  '纸巾原纸',
  '棉、化纤及混纺机织物',
  '针织物、纱线',
  '粘胶短纤维',
];

const named = (zh: string) => KEY_FIELDS.find((k) => k.zh === zh || k.zh.startsWith(`${zh}（`));

describe('the plan levels', () => {
  it.each(LIST_2021)('2021 field %s has a 标杆 and a 基准 level on every row, cited', (zh) => {
    const k = named(zh);
    expect(k).toBeDefined();
    expect(k!.edition).toBe(2021);
    expect(k!.deadline).toBe(2025);
    expect(k!.rows.length).toBeGreaterThan(0);
    expect(k!.indicator.standard).toMatch(/^GB |^none named/);
    expect(k!.indicator.unit).toMatch(/^(kgce|kgoe|kWh)\//);
    for (const r of k!.rows) {
      expect(Number.isFinite(r.benchmark) && Number.isFinite(r.baseline)).toBe(true);
      // lower is better: the advanced level is the lower figure
      expect(r.benchmark).toBeLessThan(r.baseline);
      expect(['confirmed', 'transcribed', 'recalled']).toContain(r.confidence);
    }
  });

  it('holds exactly the 25 fields of 2021 and the 11 of 2023, ids unique', () => {
    expect(FIELDS_2021.map((k) => k.zh.replace(/（.*$/, ''))).toEqual(LIST_2021);
    expect(FIELDS_2023.map((k) => k.zh)).toEqual(LIST_2023);
    expect(new Set(KEY_FIELDS.map((k) => k.id)).size).toBe(36);
    for (const k of KEY_FIELDS) expect(new Set(k.rows.map((r) => r.id)).size).toBe(k.rows.length);
  });

  it('ships no value for a 2023 field without a source, and says so', () => {
    for (const k of FIELDS_2023) {
      expect(k.deadline).toBe(2026);
      if (!k.rows.length) expect(k.note).toMatch(/not transcribed/);
    }
    expect(PLAN_DOCUMENTS[2023].number).toBe('发改产业〔2023〕723号');
  });

  it('marks as confirmed only the figures two sources agree on', () => {
    const confirmed = KEY_FIELDS.flatMap((k) => k.rows.filter((r) => r.confidence === 'confirmed').map(() => k.id));
    expect(confirmed.sort()).toEqual(['cement_clinker', 'electrolytic_aluminium']);
    expect(levelRow(keyField('cement_clinker')!)).toMatchObject({ benchmark: 100, baseline: 117 });
    expect(levelRow(keyField('electrolytic_aluminium')!)).toMatchObject({ benchmark: 13000, baseline: 13350 });
  });

  it('grades a value against a row, lower being better, the levels themselves inclusive', () => {
    const clinker = levelRow(keyField('cement_clinker')!)!;
    expect([99, 100, 100.1, 117, 117.01].map((v) => levelOfValue(v, clinker))).toEqual([
      'benchmark',
      'benchmark',
      'baseline',
      'baseline',
      'below',
    ]);
    // converter steelmaking: negative figures, still lower is better
    const bof = levelRow(keyField('steelmaking')!, 'bof')!;
    expect([-31, -20, -5].map((v) => levelOfValue(v, bof))).toEqual(['benchmark', 'baseline', 'below']);
    // a field with several rows needs the row named
    expect(levelRow(keyField('flat_glass')!)).toBeUndefined();
    expect(levelRow(keyField('flat_glass')!, 'gt_800_tpd')).toMatchObject({ baseline: 12 });
  });
});
