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

/** The plan report's rows, as the page shows them: per period the scope, each region and each enterprise per field. */
export function planRows(r: PlanComplianceReport): { head: string[]; rows: Array<Array<string | number>> } {
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
      f.shareAtOrAboveBaseline,
      f.shareAtBenchmark,
      f.shareMissing,
      f.meetsTargets ? 'yes' : 'no',
    ]);
  for (const p of r.periods) {
    for (const f of p.fields) add(p.label, 'scope', r.scope.region ?? r.scope.enterprise ?? 'all', '', f);
    for (const g of p.regions) for (const f of g.fields) add(p.label, 'region', g.id, '', f);
    for (const e of p.enterprises) for (const f of e.fields) add(p.label, 'enterprise', e.id, e.uscc ?? '', f);
  }
  return { head: HEAD, rows };
}

/** The plan report as CSV: UTF-8 with a BOM (spreadsheet programs then read the Chinese headers right), CRLF. */
export function planCsv(r: PlanComplianceReport): string {
  const { head, rows } = planRows(r);
  const cells = rows.map((x) => x.map((v, i) => (i >= 14 && i <= 16 ? (v as number).toFixed(4) : v)));
  return '\uFEFF' + [head, ...cells].map((x) => x.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** The same rows as an Excel workbook, figures as numbers (shares formatted as percentages), as of and time zone on top. */
export async function planXlsx(r: PlanComplianceReport): Promise<Buffer> {
  const { head, rows } = planRows(r);
  // loaded on the first export, not at start: exceljs alone is ~0.4 s of CPU, a sixth of a server's boot
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'qinwatt';
  const ws = wb.addWorksheet('plan 达标');
  ws.addRow(['as of 截至', new Date(r.asOf).toISOString(), 'zone 时区', r.zone]);
  ws.addRow([]);
  ws.addRow(head).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  for (const c of [15, 16, 17]) ws.getColumn(c).numFmt = '0.0%';
  for (const c of [8, 9, 10, 11, 12, 13, 14]) ws.getColumn(c).numFmt = '#,##0';
  ws.columns.forEach((col) => (col.width = 16));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
