import type {
  ApiErrorBody,
  ApiProblem,
  DeviceSpec,
  LedgerChange,
  LedgerPeriod,
  LedgerResponse,
  PlantSpec,
} from '#contracts';
import { CATEGORIES } from '#ledger';
import { tl, type Lang, type LedgerUiKey } from './i18n.js';
import { entryBody, inputOf } from './ledger-entry.js';
import './style.css';

/**
 * The energy and carbon ledger of a plant or an enterprise for a month: energy by category in physical units, tce,
 * t CO₂ (biogenic apart) and cost, against last month (环比) and last year (同比); unit-product consumption per line;
 * entries made by hand (output, corrections, fuel receipts, readings of unconnected meters, meter swaps and roll-overs,
 * prices, tariffs, site factors) with the API's reason-coded problems shown at their fields.
 */
type Problem = Omit<ApiProblem, 'code'> & { code: string };

let lang: Lang = (localStorage.getItem('qw.lang') as Lang) || (navigator.language.startsWith('zh') ? 'zh' : 'en');
let plants: PlantSpec[] = [];
let devices: DeviceSpec[] = [];
let month: LedgerPeriod | undefined;
let days: LedgerPeriod[] = [];
let state: 'loading' | 'ok' | 'failed' = 'loading';
let problems: Problem[] = [];
let saved = false;
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const t = (k: LedgerUiKey) => tl(lang, k);
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const subjectSel = $<HTMLSelectElement>('subject');
const monthInput = $<HTMLInputElement>('month');
const form = $<HTMLFormElement>('entry');
const field = <T extends HTMLInputElement | HTMLSelectElement>(name: string) => form.elements.namedItem(name) as T;
const FACTOR_QUANTITIES = ['kgce', 'kgce_equal', 'kgce_per_mj', 'ncv', 'carbon', 'oxidation', 'co2_per_gj', 'grid'];

/** Figures with a precision that suits their size, grouped by thousands. */
function num(v: number | undefined, maxDigits = 2): string {
  if (v === undefined) return '—';
  const abs = Math.abs(v);
  const d = Math.min(maxDigits, abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3);
  return v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { minimumFractionDigits: d, maximumFractionDigits: d });
}
const plantName = (p: PlantSpec) => (lang === 'zh' && p.nameZh ? p.nameZh : p.name);
const categoryName = (id: string) => {
  const c = CATEGORIES.find((x) => x.id === id);
  return c ? (lang === 'zh' ? c.nameZh : c.nameEn) : id;
};
function subject(): { level: 'plant' | 'enterprise'; id: string } {
  const [level, id] = subjectSel.value.split(':') as ['plant' | 'enterprise', string];
  return { level, id };
}
/** Last day of a YYYY-MM month, as YYYY-MM-DD. */
const lastDay = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return `${m}-${String(new Date(Date.UTC(y, mo, 0)).getUTCDate()).padStart(2, '0')}`;
};

function change(c: LedgerChange | undefined, key: 'kgcePct' | 'tCo2Pct' | 'costPct'): string {
  const v = c?.[key];
  if (v === undefined) return '<span class="muted">—</span>';
  const cls = v > 0.05 ? 'up' : v < -0.05 ? 'down' : '';
  return `<span class="chg ${cls}">${v > 0 ? '+' : ''}${v.toFixed(1)}%</span>`;
}

function renderTotals(): void {
  if (!month) {
    $('totals').innerHTML = `<p class="muted">${state === 'failed' ? t('failed') : t('loading')}</p>`;
    return;
  }
  const tile = (label: string, value: string, unit: string, key?: 'kgcePct' | 'tCo2Pct' | 'costPct') =>
    `<div class="tile"><span class="label">${label}</span><b>${value}</b><small>${unit}</small>${
      key
        ? `<div class="cmp"><span>${t('mom')} ${change(month!.mom, key)}</span><span>${t('yoy')} ${change(month!.yoy, key)}</span></div>`
        : ''
    }</div>`;
  $('totals').innerHTML = [
    tile(t('kgce'), num(month.kgce / 1000), 'tce', 'kgcePct'),
    tile(t('tCo2'), num(month.tCo2), 't', 'tCo2Pct'),
    tile(t('biogenic'), num(month.tCo2Biogenic), 't'),
    tile(t('cost'), num(month.cost, 0), 'CNY', 'costPct'),
  ].join('');
}

const unit = (u: string) => (u === 'Nm3' ? 'Nm³' : u);
const biogenic = (v: number) => (v ? num(v, 3) : '<span class="muted">—</span>');

function renderCategories(): void {
  if (!month) return void ($('categories').innerHTML = '');
  if (!month.categories.length) return void ($('categories').innerHTML = `<p class="muted">${t('none')}</p>`);
  const rows = month.categories
    .map(
      (c) => `<tr data-category="${esc(c.category)}">
      <td>${esc(categoryName(c.category))}</td>
      <td class="num">${num(c.quantity)} <small>${esc(unit(c.unit))}</small></td>
      <td class="num">${num(c.kgce / 1000, 3)}</td><td class="num">${num(c.tCo2, 3)}</td>
      <td class="num">${biogenic(c.tCo2Biogenic)}</td>
      <td class="num">${num(c.cost, 0)}${c.unpriced ? ` <small>${t('unpriced')} ${num(c.unpriced)} ${unit(c.unit)}</small>` : ''}</td>
      <td>${c.sources.map((s) => t(`src_${s}`)).join(' · ')}</td>
      <td class="num">${(c.completeness * 100).toFixed(0)}%</td></tr>`,
    )
    .join('');
  $('categories').innerHTML = `<table class="reg-table ledger-table"><thead><tr>
    <th>${t('category')}</th><th class="num">${t('quantity')}</th><th class="num">${t('kgce')}</th>
    <th class="num">${t('tCo2')}</th><th class="num">${t('biogenic')}</th><th class="num">${t('cost')}</th>
    <th>${t('source')}</th><th class="num">${t('completeness')}</th></tr></thead><tbody>${rows}</tbody>
    <tfoot><tr><td>${t('total')}</td><td></td><td class="num">${num(month.kgce / 1000, 3)}</td>
    <td class="num">${num(month.tCo2, 3)}</td><td class="num">${biogenic(month.tCo2Biogenic)}</td>
    <td class="num">${num(month.cost, 0)}</td><td></td><td></td></tr></tfoot></table>`;
}

function renderOutputs(): void {
  if (!month) return void ($('outputs').innerHTML = '');
  if (!month.outputs.length) return void ($('outputs').innerHTML = `<p class="muted">${t('noOutput')}</p>`);
  const deviceName = (line: string) => devices.find((d) => d.id === line)?.name ?? line;
  $('outputs').innerHTML = `<table class="reg-table"><thead><tr><th>${t('line')}</th><th>${t('product')}</th>
    <th class="num">${t('output')} (t)</th><th class="num">${t('kgce')}</th><th class="num">${t('perUnit')}</th>
    <th>${t('source')}</th></tr></thead><tbody>${month.outputs
      .map(
        (o) => `<tr data-line="${esc(o.line)}"><td>${esc(deviceName(o.line))}</td><td>${esc(o.product)}</td>
        <td class="num">${num(o.quantity)}</td><td class="num">${num(o.kgce / 1000, 3)}</td>
        <td class="num per-unit">${num(o.kgcePerUnit)}</td><td>${t(`src_${o.source}`)}</td></tr>`,
      )
      .join('')}</tbody></table>`;
}

/** Bars of tce per day: enough to see a stop or a jump; the figures are in the table and the report. */
function renderChart(): void {
  const max = Math.max(0, ...days.map((d) => d.kgce));
  if (!days.length || max <= 0) return void ($('chart').innerHTML = `<p class="muted">${t('none')}</p>`);
  const w = 640;
  const h = 140;
  const bw = w / days.length;
  const bars = days
    .map((d, i) => {
      const bh = (d.kgce / max) * (h - 20);
      return `<rect x="${(i * bw + 1).toFixed(1)}" y="${(h - 16 - bh).toFixed(1)}" width="${(bw - 2).toFixed(1)}"
        height="${bh.toFixed(1)}"><title>${d.label}: ${num(d.kgce / 1000, 3)} tce</title></rect>${
          i % 5 === 0 ? `<text x="${(i * bw + bw / 2).toFixed(1)}" y="${h - 3}">${d.label.slice(8)}</text>` : ''
        }`;
    })
    .join('');
  $('chart').innerHTML = `<svg class="ledger-chart" viewBox="0 0 ${w} ${h}" role="img"
    aria-label="${t('daily')}"><text x="0" y="10">${num(max / 1000, 3)}</text>${bars}</svg>`;
}

function fillForm(): void {
  const kind = field<HTMLSelectElement>('kind').value;
  form.querySelectorAll<HTMLElement>('label[data-for]').forEach((l) => {
    l.hidden = !l.dataset.for!.split(' ').includes(kind);
  });
  for (const o of field<HTMLSelectElement>('kind').options) o.textContent = t(`kind_${o.value}` as LedgerUiKey);
  const plantSel = field<HTMLSelectElement>('plantId');
  const chosen = plantSel.value || (subject().level === 'plant' ? subject().id : plants[0]?.id);
  plantSel.innerHTML = plants
    .map((p) => `<option value="${esc(p.id)}"${p.id === chosen ? ' selected' : ''}>${esc(plantName(p))}</option>`)
    .join('');
  const inPlant = devices.filter((d) => d.plantId === plantSel.value);
  const opts = (list: DeviceSpec[], sel: HTMLSelectElement) => {
    const keep = sel.value;
    sel.innerHTML = list
      .map((d) => `<option value="${esc(d.id)}"${d.id === keep ? ' selected' : ''}>${esc(d.name)}</option>`)
      .join('');
  };
  // output belongs to a production line: the devices whose nameplate names a product, else any
  const lines = inPlant.filter((d) => (d.nameplate as { product?: string } | undefined)?.product);
  opts(lines.length ? lines : inPlant, field('line'));
  opts(inPlant, field('deviceId'));
  const product = field<HTMLInputElement>('product');
  if (!product.value)
    product.value =
      (devices.find((d) => d.id === field('line').value)?.nameplate as { product?: string } | undefined)?.product ?? '';
  const cat = field<HTMLSelectElement>('category');
  const keepCat = cat.value || 'electricity';
  cat.innerHTML = CATEGORIES.map(
    (c) => `<option value="${c.id}"${c.id === keepCat ? ' selected' : ''}>${esc(categoryName(c.id))}</option>`,
  ).join('');
  const fq = field<HTMLSelectElement>('factorQuantity');
  const keepFq = fq.value || 'grid';
  fq.innerHTML = FACTOR_QUANTITIES.map(
    (q) => `<option value="${q}"${q === keepFq ? ' selected' : ''}>${esc(t(`fq_${q}` as LedgerUiKey))}</option>`,
  ).join('');
  // a swap or roll-over is of a device's register (or a meter read by hand: typed by its name)
  $('meters').innerHTML = inPlant.map((d) => `<option value="${esc(d.id)}">${esc(d.name)}</option>`).join('');
}

function render(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `qinwatt · ${t('title')}`;
  document.querySelectorAll<HTMLElement>('[data-l]').forEach((el) => (el.textContent = t(el.dataset.l as LedgerUiKey)));
  $('lang').textContent = t('switchLang');
  const keep = subjectSel.value;
  const enterprises = [...new Set(plants.map((p) => p.enterprise).filter((e): e is string => !!e))];
  subjectSel.innerHTML = `<optgroup label="${t('plantGroup')}">${plants
    .map((p) => `<option value="plant:${esc(p.id)}">${esc(plantName(p))}</option>`)
    .join('')}</optgroup><optgroup label="${t('enterpriseGroup')}">${enterprises
    .map((e) => `<option value="enterprise:${esc(e)}">${esc(e)}</option>`)
    .join('')}</optgroup>`;
  if (keep) subjectSel.value = keep;
  const { level, id } = subject();
  const q = `level=${level}&id=${encodeURIComponent(id)}&month=${monthInput.value}&lang=${lang}`;
  $<HTMLAnchorElement>('xlsx').href = `/api/ledger/reports/monthly?${q}&format=xlsx`;
  $<HTMLAnchorElement>('pdf').href = `/api/ledger/reports/monthly?${q}&format=pdf`;
  renderTotals();
  renderCategories();
  renderOutputs();
  renderChart();
  fillForm();
  renderProblems();
  $('saved').textContent = saved ? t('saved') : '';
}

async function load(): Promise<void> {
  const { level, id } = subject();
  const m = monthInput.value;
  if (!id || !/^\d{4}-\d{2}$/.test(m)) return;
  state = 'loading';
  month = undefined;
  render();
  const base = `/api/ledger?level=${level}&id=${encodeURIComponent(id)}`;
  try {
    const [mRes, dRes] = await Promise.all([
      fetch(`${base}&granularity=month&from=${m}&to=${m}&compare=true`),
      fetch(`${base}&granularity=day&from=${m}-01&to=${lastDay(m)}`),
    ]);
    if (!mRes.ok) throw new Error(String(mRes.status));
    month = ((await mRes.json()) as LedgerResponse).periods[0];
    days = dRes.ok ? ((await dRes.json()) as LedgerResponse).periods : [];
    state = 'ok';
  } catch {
    state = 'failed';
  }
  render();
}

/** The API's problems at their fields: the field's label in the page's language, the reason code and the detail. */
function renderProblems(): void {
  form.querySelectorAll('.invalid').forEach((el) => el.classList.remove('invalid'));
  const kind = field('kind').value;
  const labelOf = (f: string) =>
    (form.elements.namedItem(inputOf(kind, f)) as HTMLElement | null)?.closest('label') ?? undefined;
  // a problem's path names the field (its first part for a nested one: `ratio.peak` is the ratio field)
  const fieldOf = (p: Problem) => p.path.split('.')[0] ?? '';
  for (const p of problems) if (fieldOf(p)) labelOf(fieldOf(p))?.classList.add('invalid');
  $('problems').innerHTML = problems
    .map((p) => {
      const f = fieldOf(p);
      const name = f ? (labelOf(f)?.querySelector('span')?.textContent ?? f) : '';
      // the message repeats the path in front ("quantity: …"); the label stands there instead
      const detail = p.path && p.message.startsWith(`${p.path}: `) ? p.message.slice(p.path.length + 2) : p.message;
      return `<li data-field="${esc(f)}" data-reason="${esc(p.code)}">
      <code>${esc(p.code)}</code> ${name ? `<b>${esc(name)}</b> ` : ''}${esc(detail)}</li>`;
    })
    .join('');
}
function showProblems(list: Problem[]): void {
  problems = list;
  renderProblems();
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const kind = field('kind').value;
  const body = entryBody(kind, (n) => (form.elements.namedItem(n) as HTMLInputElement).value.trim());
  saved = false;
  $('saved').textContent = '';
  void (async () => {
    const res = await fetch('/api/ledger/entries', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) {
      const err = (await res.json().catch(() => ({}))) as Partial<ApiErrorBody>;
      showProblems(err.problems ?? [{ path: '', code: `HTTP_${res.status}`, message: res.statusText }]);
      return;
    }
    showProblems([]);
    saved = true;
    await load();
  })();
});
field('kind').addEventListener('change', () => {
  showProblems([]);
  fillForm();
});
field('plantId').addEventListener('change', () => {
  field<HTMLInputElement>('product').value = '';
  fillForm();
});
field('line').addEventListener('change', () => {
  field<HTMLInputElement>('product').value = '';
  fillForm();
});
subjectSel.addEventListener('change', () => void load());
monthInput.addEventListener('change', () => void load());
$('lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('qw.lang', lang);
  render();
});

async function first(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const now = new Date();
  monthInput.value = params.get('month') ?? `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const res = await fetch('/api/fleet');
  if (res.ok) ({ plants, devices } = (await res.json()) as { plants: PlantSpec[]; devices: DeviceSpec[] });
  render();
  const wanted = params.get('subject');
  if (wanted && [...subjectSel.options].some((o) => o.value === wanted)) subjectSel.value = wanted;
  await load();
}

render();
void first();
