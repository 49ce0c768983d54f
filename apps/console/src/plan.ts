import type { FieldShares, LineResult, PlanComplianceReport, PlanGranularity, ScopeFields } from '#contracts';
import type { Lang } from './i18n.js';
import { REGIONS, STATUS, tp } from './plan-i18n.js';
import { devicePage, equipmentTable, loadDevice, loadEquipment } from './plan-equipment.js';

/**
 * The plan section of the regulator page: per key field the shares of production capacity at 标杆 and at or above
 * 基准 over the chosen periods (GET /api/regulator/plan), drilled down province → region → enterprise → line →
 * equipment → one unit (plan-equipment.ts). The state lives in the address (granularity, from, to, region,
 * enterprise, line, device), so a view can be linked and reloaded.
 */
interface View {
  granularity: PlanGranularity;
  from: string;
  to: string;
  region?: string;
  enterprise?: string;
  line?: string;
  device?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const $ = (id: string) => document.getElementById(id)!;

function defaultView(): View {
  const now = new Date(Date.now() + 8 * 3_600_000); // plant-local month (Asia/Shanghai, no daylight saving today)
  const label = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1));
  return { granularity: 'month', from: label(from), to: label(now) };
}

function readView(): View {
  const q = new URLSearchParams(location.search);
  const d = defaultView();
  const g = q.get('granularity');
  const v: View = {
    granularity: g === 'quarter' || g === 'year' ? g : 'month',
    from: q.get('from') ?? d.from,
    to: q.get('to') ?? d.to,
  };
  for (const k of ['region', 'enterprise', 'line', 'device'] as const) {
    const x = q.get(k);
    if (x) v[k] = x;
  }
  return v;
}

const query = (v: View) =>
  new URLSearchParams(
    Object.entries({ granularity: v.granularity, from: v.from, to: v.to, region: v.region, enterprise: v.enterprise })
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => [k, x!]),
  ).toString();

/** the view's whole address: the query the plan route takes, and where in the drill-down below the enterprise */
const address = (v: View) => {
  const deep = Object.entries({ line: v.line, device: v.device }).filter((e): e is [string, string] => !!e[1]);
  return [query(v), ...deep.map(([k, x]) => `${k}=${encodeURIComponent(x)}`)].join('&');
};

export class PlanSection {
  private view = readView();
  private report?: PlanComplianceReport;
  private problem?: string;
  /** the region the server answers with when none is asked for: a prefecture's regulator starts at their own */
  private home?: string;

  constructor(private readonly lang: () => Lang) {
    const form = $('plan-form') as HTMLFormElement;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const data = new FormData(form);
      this.go({
        ...this.view,
        granularity: data.get('granularity') as PlanGranularity,
        from: String(data.get('from')),
        to: String(data.get('to')),
      });
    });
    $('plan').addEventListener('click', (e) => {
      const a = (e.target as HTMLElement).closest<HTMLElement>('[data-nav]');
      if (!a) return;
      e.preventDefault();
      this.go(JSON.parse(a.dataset.nav!) as View);
    });
    window.addEventListener('popstate', () => {
      this.view = readView();
      void this.load();
    });
  }

  private go(v: View): void {
    this.view = v;
    history.pushState(null, '', `?${address(v)}`);
    void this.load();
  }

  async load(): Promise<void> {
    const res = await fetch(`/api/regulator/plan?${query(this.view)}`);
    if (res.ok) {
      this.report = (await res.json()) as PlanComplianceReport;
      this.problem = undefined;
      if (!this.view.region && !this.view.enterprise) this.home = this.report.scope.region;
    } else {
      const body = (await res.json().catch(() => ({}))) as { problems?: Array<{ message: string }> };
      this.problem = body.problems?.map((p) => p.message).join('; ') ?? `HTTP ${res.status}`;
    }
    ($('plan-csv') as HTMLAnchorElement).href = `/api/regulator/plan.csv?${query(this.view)}`;
    ($('plan-xlsx') as HTMLAnchorElement).href = `/api/regulator/plan.xlsx?${query(this.view)}`;
    this.render();
  }

  render(): void {
    const L = this.lang();
    const v = this.view;
    const form = $('plan-form') as HTMLFormElement;
    (form.elements.namedItem('granularity') as HTMLSelectElement).value = v.granularity;
    (form.elements.namedItem('from') as HTMLInputElement).value = v.from;
    (form.elements.namedItem('to') as HTMLInputElement).value = v.to;
    for (const o of (form.elements.namedItem('granularity') as HTMLSelectElement).options)
      o.textContent = tp(L, o.value as PlanGranularity);
    const r = this.report;
    if (this.problem || !r) {
      $('plan').innerHTML = this.problem ? `<p class="bad" id="plan-problem">${esc(this.problem)}</p>` : '';
      return;
    }
    const latest = r.periods.at(-1)!;
    const fieldName = (id: string) => {
      const f = r.fields.find((x) => x.id === id);
      return f ? esc(f[L]) : esc(id);
    };
    const head = `<div class="plan-meta">
      <span>${tp(L, 'asOf')} <time id="plan-asof">${esc(fmtTime(r.asOf, r.zone, L))}</time></span>
      <span>${tp(L, 'zone')} <b>${esc(r.zone)}</b></span>
      <span>${tp(L, 'granularity')} <b id="plan-period">${esc(latest.label)}</b></span>
      <span class="${latest.completeness < r.completenessThreshold ? 'bad' : ''}">${tp(L, 'completeness')}
        <b id="plan-completeness">${pct(latest.completeness)}</b></span></div>`;
    const crumbs = this.crumbs(L, latest);
    const totals = this.fieldTable(L, latest.fields, fieldName, 'plan-totals');
    let drill: string;
    if (!r.periods.some((p) => p.lines.length)) drill = '';
    else if (v.line) drill = v.device ? '<div id="plan-equipment"></div>' : this.lineCard(L, r, fieldName);
    else if (v.enterprise) drill = this.linesTable(L, latest.lines, fieldName);
    else
      drill =
        this.scopeTable(L, 'regions', latest.regions, fieldName, (s) => ({ ...v, region: s.id })) +
        this.scopeTable(L, 'enterprises', latest.enterprises, fieldName, (s) => ({ ...v, enterprise: s.id }));
    $('plan').innerHTML = head + crumbs + totals + drill + this.trend(L, r, fieldName);
    if (v.line) void this.equipment(L, r);
  }

  private drawn = 0;
  /** The line's equipment, or one unit's page, filled in once its figures are read (the latest period's). */
  private async equipment(L: Lang, r: PlanComplianceReport): Promise<void> {
    const mine = ++this.drawn;
    const v = this.view;
    const period = r.periods.at(-1)!;
    const line = r.periods.flatMap((p) => p.lines).find((l) => l.lineId === v.line);
    if (!line) return;
    const data = await loadEquipment(line.plantId, period);
    const dev = v.device ? await loadDevice(line.plantId, v.device, period) : undefined;
    const el = document.getElementById('plan-equipment');
    if (mine !== this.drawn || !el) return;
    const link = (id: string, label: string) => this.nav({ ...v, device: id }, label);
    el.innerHTML = dev
      ? devicePage(
          L,
          line.plantId,
          data.devices.find((d) => d.id === v.device),
          data,
          dev,
          period,
          Date.now(),
          r.zone,
        )
      : equipmentTable(L, line, data, link, Date.now(), r.zone);
  }

  private nav(v: View, label: string, cls = ''): string {
    return `<a href="?${esc(address(v))}" class="${cls}" data-nav='${esc(JSON.stringify(v))}'>${label}</a>`;
  }

  private crumbs(L: Lang, latest: PlanComplianceReport['periods'][number]): string {
    const v = this.view;
    const base = { granularity: v.granularity, from: v.from, to: v.to };
    const province = !this.home || this.home === '610000';
    const root = province ? `${REGIONS['610000']![L]} · ${tp(L, 'province')}` : regionName(this.home!, L);
    const parts = [this.nav(base, root, 'crumb')];
    if (v.region && v.region !== this.home)
      parts.push(this.nav({ ...base, region: v.region }, regionName(v.region, L), 'crumb'));
    if (v.enterprise) {
      const e = latest.enterprises.find((x) => x.id === v.enterprise);
      parts.push(
        this.nav({ ...base, region: v.region, enterprise: v.enterprise }, enterpriseName(e, v.enterprise, L), 'crumb'),
      );
    }
    if (v.line) {
      const l = latest.lines.find((x) => x.lineId === v.line);
      const name = esc(l ? lineName(l, L) : v.line);
      parts.push(
        v.device ? this.nav({ ...v, device: undefined }, name, 'crumb') : `<span class="crumb">${name}</span>`,
      );
    }
    if (v.device) parts.push(`<span class="crumb">${esc(v.device)}</span>`);
    return `<nav class="plan-crumbs" id="plan-crumbs">${parts.join(' › ')}</nav>`;
  }

  private fieldTable(L: Lang, fields: FieldShares[], fieldName: (id: string) => string, id: string): string {
    if (!fields.length) return `<p class="muted" id="${id}">${tp(L, 'noLines')}</p>`;
    const r = this.report!;
    return `<table class="reg-table" id="${id}"><thead><tr><th>${tp(L, 'field')}</th><th class="num">${tp(L, 'lines')}</th>
      <th class="num">${tp(L, 'capacity')}</th><th>${tp(L, 'atBaseline')}</th><th>${tp(L, 'atBenchmark')}</th>
      <th class="num">${tp(L, 'below')}</th><th class="num">${tp(L, 'missing')}</th><th>${tp(L, 'gap')}</th><th></th></tr></thead>
      <tbody>${fields
        .map(
          (f) => `<tr data-field="${esc(f.field)}"><td>${fieldName(f.field)}</td><td class="num">${f.lines}</td>
        <td class="num">${f.totalCapacity.toLocaleString(L === 'zh' ? 'zh-CN' : 'en-GB')} <small>${esc(f.capacityUnit)}</small></td>
        <td>${bar(f.shareAtOrAboveBaseline, r.targets.atOrAboveBaseline)}</td>
        <td>${bar(f.shareAtBenchmark, r.targets.atBenchmark)}</td>
        <td class="num ${f.shareBelow > 0 ? 'bad' : ''}">${pct(f.shareBelow)}</td>
        <td class="num missing">${pct(f.shareMissing)}</td>
        <td>${f.gapToBaselineTarget.toFixed(1)} / ${f.gapToBenchmarkTarget.toFixed(1)} ${tp(L, 'pp')}</td>
        <td><span class="verdict ${f.meetsTargets ? 'ok' : 'short'}">${tp(L, f.meetsTargets ? 'meets' : 'misses')}</span></td></tr>`,
        )
        .join('')}</tbody></table>`;
  }

  private scopeTable(
    L: Lang,
    kind: 'regions' | 'enterprises',
    rows: ScopeFields[],
    fieldName: (id: string) => string,
    to: (s: ScopeFields) => View,
  ): string {
    const r = this.report!;
    const body = rows
      .flatMap((s) =>
        s.fields.map(
          (f, i) => `<tr data-${kind === 'regions' ? 'region' : 'enterprise'}="${esc(s.id)}">
          ${
            i === 0
              ? `<td rowspan="${s.fields.length}">${this.nav(to(s), kind === 'regions' ? regionName(s.id, L) : enterpriseName(s, s.id, L))}${
                  s.uscc ? `<br><small class="uscc" title="${tp(L, 'uscc')}">${esc(s.uscc)}</small>` : ''
                }</td>`
              : ''
          }
          <td>${fieldName(f.field)}</td><td class="num">${f.lines}</td>
          <td>${bar(f.shareAtOrAboveBaseline, r.targets.atOrAboveBaseline)}</td>
          <td>${bar(f.shareAtBenchmark, r.targets.atBenchmark)}</td>
          <td class="num missing">${pct(f.shareMissing)}</td>
          <td><span class="verdict ${f.meetsTargets ? 'ok' : 'short'}">${tp(L, f.meetsTargets ? 'meets' : 'misses')}</span></td></tr>`,
        ),
      )
      .join('');
    return `<h3>${tp(L, kind)}</h3><table class="reg-table" id="plan-${kind}"><thead><tr><th></th><th>${tp(L, 'field')}</th>
      <th class="num">${tp(L, 'lines')}</th><th>${tp(L, 'atBaseline')}</th><th>${tp(L, 'atBenchmark')}</th>
      <th class="num">${tp(L, 'missing')}</th><th></th></tr></thead><tbody>${body}</tbody></table>`;
  }

  private linesTable(L: Lang, lines: LineResult[], fieldName: (id: string) => string): string {
    const body = lines
      .map(
        (
          l,
        ) => `<tr data-line="${esc(l.lineId)}" class="st-${l.status}"><td>${this.nav({ ...this.view, line: l.lineId }, esc(lineName(l, L)))}</td>
        <td>${fieldName(l.field)}</td><td class="num">${l.capacity.toLocaleString()}</td>
        <td class="num value">${l.value !== undefined ? `${l.value.toFixed(1)} <small>${esc(l.unit)}</small>` : '—'}</td>
        <td class="num">${l.benchmark ?? '—'} / ${l.baseline ?? '—'}${confidence(L, l)}</td>
        <td class="num">${l.completeness !== undefined ? pct(l.completeness) : '—'}</td>
        <td class="status">${STATUS[l.status][L]}</td></tr>`,
      )
      .join('');
    return `<h3>${tp(L, 'lineList')}</h3><table class="reg-table" id="plan-lines"><thead><tr><th></th><th>${tp(L, 'field')}</th>
      <th class="num">${tp(L, 'capacity')}</th><th class="num">${tp(L, 'value')}</th><th class="num">${tp(L, 'levels')}</th>
      <th class="num">${tp(L, 'completeness')}</th><th>${tp(L, 'status')}</th></tr></thead><tbody>${body}</tbody></table>`;
  }

  private lineCard(L: Lang, r: PlanComplianceReport, fieldName: (id: string) => string): string {
    const rows = r.periods.map((p) => ({ p, l: p.lines.find((x) => x.lineId === this.view.line) }));
    const any = rows.find((x) => x.l)?.l;
    if (!any) return `<p class="muted">${tp(L, 'noLines')}</p>`;
    const month = r.periods.at(-1)!.label.slice(0, 7);
    return `<section class="line-card" id="plan-line" data-line="${esc(any.lineId)}">
      <h3>${esc(lineName(any, L))} <small>${fieldName(any.field)} · ${any.capacity.toLocaleString()} ${esc(
        r.fields.find((f) => f.id === any.field)?.capacityUnit ?? '',
      )}</small></h3>
      <p>${tp(L, 'device')}: <a id="plan-device" href="/ledger.html?subject=plant:${encodeURIComponent(any.plantId)}&month=${month}">${esc(any.plantId)} / ${esc(any.device)} · ${tp(L, 'ledger')}</a> · ${tp(L, 'levels')} ${any.benchmark ?? '—'} / ${any.baseline ?? '—'} ${esc(any.unit)}${confidence(L, any)}</p>
      <table class="reg-table"><thead><tr><th>${tp(L, 'granularity')}</th><th class="num">${tp(L, 'value')}</th>
      <th class="num">${tp(L, 'output')}</th><th class="num">${tp(L, 'completeness')}</th><th>${tp(L, 'status')}</th></tr></thead>
      <tbody>${rows
        .map(
          ({ p, l }) => `<tr data-period="${esc(p.label)}"><td>${esc(p.label)}</td>
          <td class="num">${l?.value !== undefined ? l.value.toFixed(1) : '—'}</td><td class="num">${l?.output?.toLocaleString() ?? '—'}</td>
          <td class="num">${l?.completeness !== undefined ? pct(l.completeness) : '—'}</td><td class="status">${l ? STATUS[l.status][L] : '—'}</td></tr>`,
        )
        .join('')}</tbody></table></section><div id="plan-equipment"></div>`;
  }

  private trend(L: Lang, r: PlanComplianceReport, fieldName: (id: string) => string): string {
    const ids = r.fields.map((f) => f.id).filter((id) => r.periods.some((p) => p.fields.some((f) => f.field === id)));
    if (!ids.length) return '';
    return `<h3>${tp(L, 'trend')}</h3><table class="reg-table trend" id="plan-trend"><thead><tr><th>${tp(L, 'field')}</th>${r.periods
      .map((p) => `<th class="num">${esc(p.label)}</th>`)
      .join('')}</tr></thead><tbody>${ids
      .map(
        (id) =>
          `<tr data-field="${esc(id)}"><td>${fieldName(id)}</td>${r.periods
            .map((p) => {
              const f = p.fields.find((x) => x.field === id);
              return `<td class="num">${f ? `${pct(f.shareAtOrAboveBaseline)} / ${pct(f.shareAtBenchmark)}` : '—'}</td>`;
            })
            .join('')}</tr>`,
      )
      .join('')}</tbody></table>`;
  }
}

function bar(share: number, target: number): string {
  return `<div class="share ${share >= target - 1e-9 ? 'ok' : 'short'}"><span style="width:${Math.min(100, share * 100)}%"></span>
    <i style="left:${target * 100}%"></i><b>${pct(share)}</b></div>`;
}

function confidence(L: Lang, l: LineResult): string {
  if (!l.levelConfidence || l.levelConfidence === 'confirmed') return '';
  return ` <span class="unverified" title="${tp(L, l.levelConfidence)}">${tp(L, l.levelConfidence)}</span>`;
}

function regionName(code: string, L: Lang): string {
  return `${REGIONS[code] ? esc(REGIONS[code][L]) : ''} <small>${esc(code)}</small>`;
}

function enterpriseName(e: ScopeFields | undefined, id: string, L: Lang): string {
  return esc((L === 'zh' ? e?.nameZh : undefined) ?? e?.name ?? id);
}

function lineName(l: LineResult, L: Lang): string {
  return (L === 'zh' ? l.nameZh : undefined) ?? l.name;
}

function fmtTime(t: number, zone: string, L: Lang): string {
  return new Intl.DateTimeFormat(L === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: zone,
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(t);
}
