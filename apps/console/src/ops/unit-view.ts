import type { Alert, HistoryResponse, KpiHistoryResponse, MetricName, Reading } from '#contracts';
import { classLabel, t, th, type Lang } from '../i18n.js';
import { CARD_METRICS } from '../format.js';
import { routeHref } from '../nav.js';
import { DEFAULT_TZ, formatInZone } from '../time.js';
import type { Model, Unit } from './model.js';
import { esc, fmt } from './card.js';
import { margin, STATUS_SHAPE } from './status.js';
import { codeLabel, statusLabel, to } from './labels.js';
import { drawTrends } from './trend.js';

/** Spans an operator zooms between; the history API picks raw, 1-minute or 1-hour rollups for each. */
const RANGES = [
  { label: '1 h', ms: 3_600_000 },
  { label: '6 h', ms: 6 * 3_600_000 },
  { label: '24 h', ms: 86_400_000 },
  { label: '7 d', ms: 7 * 86_400_000 },
  { label: '30 d', ms: 30 * 86_400_000 },
];

export interface UnitHooks {
  lang: () => Lang;
  alerts: (plantId: string, deviceId: string) => Alert[];
  plantName: (plantId: string) => string;
}

/**
 * The unit display (ISA-101 level 3 and 4): the unit's KPI against its limit, its diagnostics (operating state,
 * judgement, learned baseline), its alerts, and its trend with the raw channels beneath.
 */
const metricsOf = (u: Unit | undefined, raw: HistoryResponse | undefined): MetricName[] =>
  (u && CARD_METRICS[u.device.class]) ?? ((raw?.fields ?? []) as MetricName[]);

export function mountUnitView(host: HTMLElement, model: Model, hooks: UnitHooks) {
  let open:
    | {
        plantId: string;
        deviceId: string;
        rangeMs: number;
        kpi?: KpiHistoryResponse;
        raw?: HistoryResponse;
        error?: boolean;
        loading?: boolean;
      }
    | undefined;
  let frame = 0;
  let charts: ReturnType<typeof drawTrends> = [];
  // the charts follow the panel's width (a window resized, a screen turned)
  new ResizeObserver(() => {
    const w = host.querySelector<HTMLElement>('.trends')?.clientWidth;
    if (w) for (const c of charts) c.setSize({ width: w, height: c.height });
  }).observe(host);

  async function load(): Promise<void> {
    const o = open;
    if (!o) return;
    o.loading = true;
    o.error = false;
    render();
    const to = Date.now();
    const from = to - o.rangeMs;
    const base = `/api/history/plants/${encodeURIComponent(o.plantId)}/devices/${encodeURIComponent(o.deviceId)}`;
    const u = model.units.get(`${o.plantId}/${o.deviceId}`);
    const metrics = (CARD_METRICS[u?.device.class ?? ''] ?? []).join(',');
    try {
      const [k, r] = await Promise.all([
        fetch(`${base}/kpi?from=${from}&to=${to}`),
        fetch(`${base}?from=${from}&to=${to}&metrics=${metrics}`),
      ]);
      if (!k.ok || !r.ok) throw new Error(`${k.status}/${r.status}`);
      if (open !== o) return;
      o.kpi = (await k.json()) as KpiHistoryResponse;
      o.raw = (await r.json()) as HistoryResponse;
    } catch {
      if (open === o) o.error = true;
    }
    if (open === o) o.loading = false;
    render(true);
  }

  function summary(lang: Lang): string {
    const u = open && model.units.get(`${open.plantId}/${open.deviceId}`);
    if (!u) return '';
    const k = u.kpi;
    const m = k && margin(k);
    const tz = model.plants.get(u.device.plantId)?.timeZone ?? DEFAULT_TZ;
    const diag = k
      ? `<dl class="diag">
        <dt>${to(lang, 'operating')}</dt><dd>${esc(codeLabel(lang, k.state))}</dd>
        <dt>${to(lang, 'judgement')}</dt><dd>${k.judgement.reason ? t(lang, `j_${k.judgement.reason}`) : esc(codeLabel(lang, k.judgement.status))}</dd>
        <dt>${to(lang, 'driftPhase')}</dt><dd>${esc(codeLabel(lang, k.drift.phase))}${k.drift.z !== undefined ? ` · ${to(lang, 'residual')} ${k.drift.z.toFixed(2)} σ` : ''}</dd>
        ${k.energy ? `<dt>${to(lang, 'energyRate')}</dt><dd>${fmt(k.energy.kgcePerH)} kgce/h · ${fmt(k.energy.kgCo2PerH)} kg CO₂/h</dd>` : ''}
        ${k.citation ? `<dt>GB</dt><dd>${esc(k.citation)}${k.unverified ? ` ⚠ ${t(lang, 'unverified')}` : ''}</dd>` : ''}
      </dl>`
      : `<p class="muted">${to(lang, 'noKpi')}</p>`;
    const alerts = hooks.alerts(u.device.plantId, u.device.id);
    return `<div class="unit-head" data-status="${u.status}">
        <div class="unit-kpi">${
          k
            ? `<span class="kname">${esc(k.name[lang])}</span> <b class="kval">${fmt(k.value)}</b> <small>${esc(k.unit)}</small>
          ${m !== undefined ? `<span class="kdev">${m >= 0 ? '+' : ''}${m.toFixed(1)} % ${t(lang, 'vsLimit')} ${fmt(k.limit)} ${esc(k.unit)}</span>` : ''}`
            : ''
        }
          ${u.status !== 'normal' ? `<span class="st">${STATUS_SHAPE[u.status]} ${statusLabel(lang, u.status)}</span>` : ''}</div>
        <div class="tz">${to(lang, 'plantTz')}: ${esc(tz)}${u.latest ? ` · ${esc(formatInZone(u.latest.ts, lang, tz))}` : ''}</div></div>
      <section class="unit-diag"><h4>${to(lang, 'diagnostics')}</h4>${diag}</section>
      ${alerts.length ? `<section class="unit-alerts"><h4>${t(lang, 'alerts')}</h4><ul>${alerts.map((a) => `<li data-alert="${esc(a.id)}">${esc(a.message[lang])} · ${t(lang, `st_${a.state}`)}</li>`).join('')}</ul></section>` : ''}`;
  }

  function render(redraw = false): void {
    if (!open) {
      charts.forEach((c) => c.destroy());
      charts = [];
      host.hidden = true;
      host.replaceChildren();
      return;
    }
    const lang = hooks.lang();
    const o = open;
    const u = model.units.get(`${o.plantId}/${o.deviceId}`);
    const name = u?.device.name ?? o.deviceId;
    if (!host.querySelector('.unit-top') || redraw) {
      charts.forEach((c) => c.destroy());
      charts = [];
      host.innerHTML = `<header class="unit-top"><nav class="crumbs"><a href="${routeHref({ view: 'overview' })}">${to(lang, 'allPlants')}</a> ›
          <a href="${routeHref({ view: 'plant', plantId: o.plantId })}">${esc(hooks.plantName(o.plantId))}</a> › <b>${esc(name)}</b>
          ${u ? `<span class="cls">${esc(classLabel(lang, u.device.class))}</span>` : ''}</nav>
          <a class="unit-close" href="${routeHref({ view: 'plant', plantId: o.plantId })}" aria-label="${th(lang, 'close')}">×</a></header>
        <div class="unit-summary"></div>
        <nav class="ranges">${RANGES.map((r) => `<button type="button" data-range="${r.ms}" aria-pressed="${r.ms === o.rangeMs}">${r.label}</button>`).join('')}
          <span class="hist-res">${o.raw ? th(lang, o.raw.resolution) : ''}</span></nav>
        <div class="trends">${o.error ? `<p class="hist-msg">${th(lang, 'failed')}</p>` : o.loading ? `<p class="hist-msg">${th(lang, 'loading')}</p>` : ''}</div>`;
      if (!o.loading && !o.error) {
        const trends = host.querySelector<HTMLElement>('.trends')!;
        const tz = model.plants.get(o.plantId)?.timeZone ?? DEFAULT_TZ;
        if (!o.kpi?.rows.length && !o.raw?.rows.length)
          trends.innerHTML = `<p class="hist-msg">${th(lang, 'noHistory')}</p>`;
        else
          charts = drawTrends(
            trends,
            // a unit not yet in the snapshot (a link opened before it arrived): every channel the history holds
            { kpi: o.kpi, raw: o.raw, metrics: metricsOf(u, o.raw), timeZone: tz, lang },
            Math.max(320, trends.clientWidth || host.clientWidth - 32),
          );
      }
    }
    host.querySelector('.unit-summary')!.innerHTML = summary(lang);
    host.hidden = false;
  }

  host.addEventListener('click', (e) => {
    const r = (e.target as HTMLElement).closest<HTMLElement>('[data-range]');
    if (r && open) {
      open.rangeMs = Number(r.dataset.range);
      void load();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && open) location.hash = routeHref({ view: 'plant', plantId: open.plantId });
  });

  return {
    show(r: { plantId: string; deviceId: string } | undefined): void {
      if (!r) {
        open = undefined;
        return render();
      }
      if (open?.plantId === r.plantId && open.deviceId === r.deviceId) return;
      open = { ...r, rangeMs: RANGES[0].ms };
      void load();
    },
    /** the unit's KPI, state or alerts changed: the summary is rewritten at the next frame */
    refresh(): void {
      if (open && !frame) frame = requestAnimationFrame(() => ((frame = 0), open && render()));
    },
    live(rs: Reading[]): void {
      if (open && rs.some((r) => r.plantId === open!.plantId && r.deviceId === open!.deviceId)) this.refresh();
    },
    rerender: () => render(true),
  };
}
