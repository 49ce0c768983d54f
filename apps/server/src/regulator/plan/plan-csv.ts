import type { FieldShares, PlanComplianceReport } from '#contracts';

const HEAD = [
  'period 期间',
  'level 层级',
  'id 代码',
  'uscc 统一社会信用代码',
  'field 领域',
  'capacity unit 产能单位',
  'lines 产线数',
  'capacity 产能',
  'at 标杆',
  'at 基准',
  'below 基准',
  'no data 无数据',
  'insufficient data 数据不足',
  'no level 无水平值',
  'share ≥ 基准',
  'share 标杆',
  'share missing 缺数',
  'meets 2025 targets 达标',
];

const quote = (v: string | number) => (typeof v === 'string' && /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The plan report as CSV: UTF-8 with a BOM (spreadsheet programs then read the Chinese headers right), CRLF. */
export function planCsv(r: PlanComplianceReport): string {
  const rows: Array<Array<string | number>> = [];
  const add = (period: string, level: string, id: string, uscc: string, f: FieldShares) =>
    rows.push([
      period,
      level,
      id,
      uscc,
      f.field,
      f.capacityUnit,
      f.lines,
      f.totalCapacity,
      f.capacity.benchmark,
      f.capacity.baseline,
      f.capacity.below,
      f.capacity.no_data,
      f.capacity.insufficient,
      f.capacity.no_level,
      f.shareAtOrAboveBaseline.toFixed(4),
      f.shareAtBenchmark.toFixed(4),
      f.shareMissing.toFixed(4),
      f.meetsTargets ? 'yes' : 'no',
    ]);
  for (const p of r.periods) {
    for (const f of p.fields) add(p.label, 'scope', r.scope.region ?? r.scope.enterprise ?? 'all', '', f);
    for (const g of p.regions) for (const f of g.fields) add(p.label, 'region', g.id, '', f);
    for (const e of p.enterprises) for (const f of e.fields) add(p.label, 'enterprise', e.id, e.uscc ?? '', f);
  }
  return '\uFEFF' + [HEAD, ...rows].map((x) => x.map(quote).join(',')).join('\r\n') + '\r\n';
}
