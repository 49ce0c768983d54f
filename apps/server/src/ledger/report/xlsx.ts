import type { MonthlyReport } from './monthly.js';

/** The report as an Excel workbook: one sheet, figures as numbers (not text), so a reader can sum them again. */
export async function reportXlsx(r: MonthlyReport): Promise<Buffer> {
  // loaded on the first export, not at start: exceljs alone is ~0.4 s of CPU, a sixth of a server's boot
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'qinwatt';
  const ws = wb.addWorksheet(r.month);
  ws.addRow([r.title]).font = { bold: true, size: 14 };
  ws.addRow([r.subject, r.month]);
  ws.addRow([]);
  ws.addRow(r.headers).font = { bold: true };
  for (const row of r.rows) ws.addRow(row);
  ws.addRow([r.totals.label, '', '', r.totals.kgce, r.totals.tCo2, r.totals.tCo2Biogenic, r.totals.cost]).font = {
    bold: true,
  };
  ws.addRow([]);
  ws.addRow(r.outputHeaders).font = { bold: true };
  for (const row of r.outputs) ws.addRow(row);
  ws.addRow([]);
  for (const n of r.notes) ws.addRow([n]);
  for (const c of [3, 4, 5, 6, 7]) ws.getColumn(c).numFmt = '#,##0.000';
  ws.columns.forEach((col) => (col.width = 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
