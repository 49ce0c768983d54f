import type { EnterpriseSpec, ExportLog, IndicatorPeriod, MonitoringReport } from '#contracts';
import { CATEGORIES } from '#ledger';
import type { Lang } from './i18n.js';
import { PRODUCTS, REGIONS } from './plan-i18n.js';
import { DELIVERY_STATUS, EXPORT_KIND, FLAG, tm, type MonKey } from './plan-equipment-i18n.js';

/**
 * The online-monitoring indicators of one enterprise on the regulator page (GET /api/regulator/monitoring): its
 * identity (统一社会信用代码, region code, GB/T 4754 industry codes), the month, its days and the 96 quarter-hours of
 * the last day with data, each with energy by type, kgce, output, unit-product consumption and completeness, the
 * flags (INCOMPLETE below the completeness threshold, INCONSISTENT daily sums vs the month, LATE), and the delivery
 * log of its pushes to the provincial platform (GET /api/regulator/exports).
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const $ = (id: string) => document.getElementById(id)!;

export class MonitoringView {
  private report?: MonitoringReport;
  private log?: ExportLog;
  private problem?: string;
  private enterprises: EnterpriseSpec[] = [];

  constructor(private readonly lang: () => Lang) {
    const form = $('mon-form') as HTMLFormElement;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.load();
    });
    const month = form.elements.namedItem('month') as HTMLInputElement;
    if (!month.value) month.value = plantMonth(Date.now());
  }

  /** the enterprises the caller may pick (those of the plants they see), by name in the page's language */
  setEnterprises(list: EnterpriseSpec[]): void {
    this.enterprises = list;
    this.fillPicker();
  }

  private fillPicker(): void {
    const L = this.lang();
    const sel = ($('mon-form') as HTMLFormElement).elements.namedItem('enterprise') as HTMLSelectElement;
    const v = sel.value;
    sel.innerHTML = this.enterprises
      .map((e) => `<option value="${esc(e.id)}">${esc((L === 'zh' && e.nameZh) || e.name)}</option>`)
      .join('');
    sel.value = this.enterprises.some((e) => e.id === v) ? v : (this.enterprises[0]?.id ?? '');
  }

  async load(): Promise<void> {
    const form = $('mon-form') as HTMLFormElement;
    const enterprise = (form.elements.namedItem('enterprise') as HTMLSelectElement).value;
    const month = (form.elements.namedItem('month') as HTMLInputElement).value.trim();
    if (!enterprise) return this.render();
    const q = new URLSearchParams({ enterprise, month });
    const [res, log] = await Promise.all([
      fetch(`/api/regulator/monitoring?${q}`),
      fetch(`/api/regulator/exports?enterprise=${encodeURIComponent(enterprise)}&limit=50`),
    ]);
    if (res.ok) {
      this.report = (await res.json()) as MonitoringReport;
      this.problem = undefined;
    } else {
      const body = (await res.json().catch(() => ({}))) as { problems?: Array<{ message: string }> };
      this.problem = body.problems?.map((p) => p.message).join('; ') ?? `HTTP ${res.status}`;
      this.report = undefined;
    }
    this.log = log.ok ? ((await log.json()) as ExportLog) : undefined;
    this.render();
  }

  render(): void {
    const L = this.lang();
    this.fillPicker();
    const t = (k: MonKey) => tm(L, k);
    document
      .querySelectorAll<HTMLElement>('[data-mon]')
      .forEach((el) => (el.textContent = t(el.dataset.mon as MonKey)));
    const r = this.report;
    if (this.problem || !r) {
      $('monitoring').innerHTML = this.problem
        ? `<p class="bad">${esc(this.problem)}</p>`
        : `<p class="muted">${this.enterprises.length ? '' : t('noEnterprise')}</p>`;
      return;
    }
    const when = (ms: number) => fmtTime(ms, r.zone, L);
    const e = r.enterprise;
    const region = REGIONS[e.region]?.[L] ?? '';
    const lagMin = r.lagMs !== undefined ? Math.round(r.lagMs / 60_000) : undefined;
    const head = `<div class="plan-meta mon-identity" id="mon-identity">
      <span><b>${esc(e.name)}</b></span>
      <span>${t('uscc')} <b class="uscc" id="mon-uscc">${esc(e.uscc)}</b></span>
      <span>${t('region')} <b id="mon-region">${esc(e.region)}</b> ${esc(region)}</span>
      <span>${t('industry')} <b id="mon-industry">${esc(e.industries.join(', ') || '—')}</b></span></div>${
        r.partial ? `<p class="muted" id="mon-partial">${t('partial')}: ${esc(r.plants.join(', '))}</p>` : ''
      }
      <div class="plan-meta"><span>${t('asOf')} <time id="mon-asof">${esc(when(r.asOf))}</time></span>
      <span>${t('zone')} <b id="mon-zone">${esc(r.zone)}</b></span>
      <span class="${lagMin !== undefined && r.lagMs! > r.thresholds.latenessMs ? 'bad' : ''}">${t('lag')}
        <b id="mon-lag">${lagMin !== undefined ? `${lagMin} min` : '—'}</b></span>
      <span class="muted">${t('thresholds')}: ${t('completeness')} ≥ ${pct(r.thresholds.completeness)} · ${t(
        'consistency',
      )} ≤ ${pct(r.thresholds.consistency)}</span></div>`;
    const cols = `<tr><th>${t('period')}</th><th class="num">${t('kgce')}</th><th>${t('byType')}</th><th>${t('output')}</th>
      <th>${t('unitConsumption')}</th><th class="num">${t('completeness')}</th><th>${t('flags')}</th></tr>`;
    const row = (p: IndicatorPeriod) => `<tr data-period="${esc(p.label)}" class="${p.flags.length ? 'flagged' : ''}">
      <td>${esc(p.label)}</td><td class="num kgce">${n(p.kgce, L)}</td>
      <td>${p.categories.map((c) => `${esc(cat(c.category, L))} ${n(c.quantity, L)} ${esc(c.unit)}`).join('<br>') || '—'}</td>
      <td>${p.outputs.map((o) => `${esc(o.line)} · ${esc(product(o.product, L))} ${n(o.quantity, L)}`).join('<br>') || '—'}</td>
      <td>${p.outputs.map((o) => (o.kgcePerUnit !== undefined ? `${n(o.kgcePerUnit, L, 1)} <small>kgce · ${esc(product(o.product, L))}</small>` : '—')).join('<br>') || '—'}</td>
      <td class="num completeness ${p.completeness < r.thresholds.completeness && p.start < r.asOf ? 'bad' : ''}">${p.start < r.asOf ? pct(p.completeness) : '—'}</td>
      <td class="flags">${p.flags.map((f) => `<span class="flag" data-flag="${f}">${FLAG[f]![L]}</span>`).join(' ')}</td></tr>`;
    const table = (id: string, rows: IndicatorPeriod[]) =>
      `<table class="reg-table mon-table" id="${id}"><thead>${cols}</thead><tbody>${rows.map(row).join('')}</tbody></table>`;
    const consistency = `<table class="reg-table" id="mon-consistency"><thead><tr><th>${t('category')}</th>
      <th class="num">${t('dailySum')}</th><th class="num">${t('monthly')}</th><th class="num">${t('deviation')}</th></tr></thead>
      <tbody>${r.consistency
        .map(
          (
            c,
          ) => `<tr data-category="${esc(c.category)}"><td>${esc(cat(c.category, L))}</td><td class="num">${n(c.dailySum, L)}</td>
          <td class="num">${n(c.monthly, L)}</td><td class="num ${Math.abs(c.deviation) > r.thresholds.consistency ? 'bad' : ''}">${pct(c.deviation, 2)}</td></tr>`,
        )
        .join('')}</tbody></table>`;
    $('monitoring').innerHTML =
      head +
      `<h3>${t('monthly')} ${esc(r.month)}</h3>${table('mon-month', [r.monthly])}` +
      `<h3>${t('consistency')}</h3>${consistency}` +
      `<h3>${t('realtime')}${r.realtime[0] ? ` · ${esc(r.realtime[0].label.slice(0, 10))}` : ''}</h3>${this.grid(L, r)}` +
      `<h3>${t('daily')}</h3>${table('mon-days', r.daily)}` +
      `<h3>${t('deliveries')}</h3>${this.deliveries(L, r.zone)}`;
  }

  /** the 96 quarter-hours as 24 hours × 4: kgce, completeness below the threshold marked, energy by type on hover */
  private grid(L: Lang, r: MonitoringReport): string {
    if (!r.realtime.length) return '<p class="muted">—</p>';
    const hours = Array.from({ length: 24 }, (_, h) => h);
    const cell = (p: IndicatorPeriod | undefined) =>
      p
        ? `<td class="num ${p.completeness < r.thresholds.completeness ? 'bad' : ''}" title="${esc(
            `${p.label} · ${p.categories.map((c) => `${cat(c.category, L)} ${n(c.quantity, L, 1)} ${c.unit}`).join(', ')} · ${pct(p.completeness)}${
              p.flags.length ? ` · ${p.flags.map((f) => FLAG[f]![L]).join(', ')}` : ''
            }`,
          )}">${n(p.kgce, L)}</td>`
        : '<td class="num muted">—</td>';
    const body = [0, 15, 30, 45]
      .map(
        (m, i) =>
          `<tr><th>:${String(m).padStart(2, '0')}</th>${hours.map((h) => cell(r.realtime[h * 4 + i])).join('')}</tr>`,
      )
      .join('');
    return `<table class="reg-table mon-grid" id="mon-quarter-hours"><thead><tr><th>kgce</th>${hours
      .map((h) => `<th class="num">${h}</th>`)
      .join('')}</tr></thead><tbody>${body}</tbody></table>`;
  }

  private deliveries(L: Lang, zone: string): string {
    const list = this.log?.deliveries ?? [];
    if (!list.length) return `<p class="muted" id="mon-deliveries">${tm(L, 'noDeliveries')}</p>`;
    return `<table class="reg-table" id="mon-deliveries"><thead><tr><th>${tm(L, 'queued')}</th><th>${tm(L, 'kind')}</th>
      <th>${tm(L, 'period')}</th><th>${tm(L, 'status')}</th><th class="num">${tm(L, 'attempts')}</th><th>${tm(L, 'delivered')}</th>
      </tr></thead><tbody>${list
        .map(
          (
            d,
          ) => `<tr data-delivery="${esc(d.deliveryId)}" data-status="${d.status}"><td>${esc(fmtTime(d.queuedAt, zone, L))}</td>
          <td>${EXPORT_KIND[d.kind]?.[L] ?? esc(d.kind)}</td><td>${esc(d.period)}</td>
          <td class="${d.status === 'failed' ? 'bad' : ''}">${DELIVERY_STATUS[d.status]?.[L] ?? esc(d.status)}${
            d.httpStatus ? ` <small>HTTP ${d.httpStatus}</small>` : ''
          }${d.lastError ? `<br><small>${esc(d.lastError)}</small>` : ''}</td>
          <td class="num">${d.attempts}</td><td>${d.deliveredAt ? esc(fmtTime(d.deliveredAt, zone, L)) : '—'}</td></tr>`,
        )
        .join('')}</tbody></table>`;
  }
}

/** a line's product in the page's language: the plan's key field of that name, or the few other ledger products */
function product(id: string, L: Lang): string {
  const other: Record<string, { zh: string; en: string }> = { steam: { zh: '蒸汽', en: 'steam' } };
  return (PRODUCTS[id] ?? other[id])?.[L] ?? id;
}

/** an energy type's name in the page's language (the ledger's categories) */
function cat(id: string, L: Lang): string {
  const c = CATEGORIES.find((x) => x.id === id);
  return c ? (L === 'zh' ? c.nameZh : c.nameEn) : id;
}

function n(x: number, L: Lang, digits = 0): string {
  return x.toLocaleString(L === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits });
}

function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/** the plant-local month (Asia/Shanghai has no daylight saving) */
function plantMonth(now: number): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 7);
}

function fmtTime(t: number, zone: string, L: Lang): string {
  return new Intl.DateTimeFormat(L === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: zone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(t);
}
