import type { MonthlyReport } from './monthly.js';

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const fmt = (v: string | number) =>
  typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 3, minimumFractionDigits: 3 }) : v;

/** The report as a printable HTML page (A4); the PDF is this page printed by Chromium. */
export function reportHtml(r: MonthlyReport): string {
  const table = (headers: string[], rows: Array<Array<string | number>>, foot?: Array<string | number>) =>
    `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map(
        (row) =>
          `<tr>${row.map((v) => `<td class="${typeof v === 'number' ? 'n' : ''}">${esc(fmt(v))}</td>`).join('')}</tr>`,
      )
      .join(
        '',
      )}</tbody>${foot ? `<tfoot><tr>${foot.map((v) => `<td class="n">${esc(fmt(v))}</td>`).join('')}</tr></tfoot>` : ''}</table>`;
  return `<!doctype html><html lang="${r.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>
@page { size: A4; margin: 16mm 12mm; }
body { font-family: 'Noto Sans CJK SC', 'Noto Sans', sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 11pt; margin: 14pt 0 4pt; }
table { border-collapse: collapse; width: 100%; } th, td { border: 0.5pt solid #999; padding: 3pt 5pt; }
th { background: #eef; text-align: left; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
/* a category name and a figure never break inside: Chinese wraps at any character otherwise */
td:first-child, td.n { white-space: nowrap; } table { font-size: 9pt; }
tfoot td { font-weight: bold; } .notes { margin-top: 10pt; color: #333; }
</style></head><body>
<h1>${esc(r.title)} · ${esc(r.month)}</h1><div>${esc(r.subject)}</div>
<h2>${esc(r.headers[0]!)}</h2>
${table(r.headers, r.rows, [r.totals.label, '', '', r.totals.kgce, r.totals.tCo2, r.totals.tCo2Biogenic, r.totals.cost, '', ''])}
<h2>${esc(r.outputHeaders[5]!)}</h2>
${table(r.outputHeaders, r.outputs)}
<div class="notes">${r.notes.map((n) => `<p>${esc(n)}</p>`).join('')}</div>
</body></html>`;
}
