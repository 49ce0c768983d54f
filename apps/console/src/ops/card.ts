import type { DeviceKpi, MetricName } from '#contracts';
import { classLabel, formatAge, metricLabel, t, type Lang } from '../i18n.js';
import { CARD_METRICS, formatValue, unitOf } from '../format.js';
import type { Unit } from './model.js';
import { belowLimit, gradable, margin, STALE_MS, STATUS_SHAPE } from './status.js';
import { statusLabel } from './labels.js';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const setText = (el: Element | null, text: string) => {
  if (el && el.textContent !== text) el.textContent = text;
};
const digits = (v: number) => (Math.abs(v) >= 1000 ? 0 : Math.abs(v) >= 100 ? 1 : 2);
export const fmt = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v)
    ? '—'
    : v.toLocaleString('en-US', { minimumFractionDigits: digits(v), maximumFractionDigits: digits(v) });

/** Metrics shown on a card (the KPI carries the rest; the unit view shows every channel). */
const ON_CARD = 3;

/** A unit's card: grey unless abnormal; an abnormal state shows its shape and its name, never colour alone. */
export function cardHtml(u: Unit, lang: Lang): string {
  const { device } = u;
  const metrics = (CARD_METRICS[device.class] ?? []).slice(0, ON_CARD);
  const rows = metrics
    .map(
      (m) => `<div class="metric" data-metric="${m}"><span class="label">${esc(metricLabel(lang, m))}</span>
        <span class="value"><b>—</b><small>${esc(unitOf(m))}</small></span></div>`,
    )
    .join('');
  return `<article class="card" data-device="${esc(u.key)}" data-class="${device.class}" tabindex="0">
    <header><span class="st"></span><h3 title="${esc(device.id)}">${esc(device.name)}</h3>
      <span class="cls">${esc(classLabel(lang, device.class))}</span></header>
    <div class="kpi" hidden><div class="kline"><span class="kname"></span><b class="kval">—</b><small class="kunit"></small>
      <svg class="spark" viewBox="0 0 80 20" preserveAspectRatio="none" aria-hidden="true"><polyline points=""/></svg></div>
      <div class="kband"><span class="bar"><i class="lim"></i><i class="pos"></i></span><span class="kdev"></span></div>
      <div class="kfoot"></div></div>
    <div class="metrics">${rows}</div>
    <footer><span class="age">${t(lang, 'noData')}</span></footer>
  </article>`;
}

/** What a card last showed of its KPI: it is rewritten only when the KPI (once a window) or the language changes. */
const shownKpi = new WeakMap<HTMLElement, { kpi: DeviceKpi; lang: Lang; spark: number }>();

/**
 * Writes a unit's values into its card: text nodes and a few attributes, each only when it changed (an attribute
 * written with its own value still costs a style pass).
 */
export function updateCard(el: HTMLElement, u: Unit, lang: Lang, now: number): void {
  if (el.dataset.status !== u.status) el.dataset.status = u.status;
  setText(
    el.querySelector('.st'),
    u.status === 'normal' ? '' : `${STATUS_SHAPE[u.status]} ${statusLabel(lang, u.status)}`,
  );
  const r = u.latest;
  for (const m of el.querySelectorAll<HTMLElement>('.metric')) {
    const name = m.dataset.metric as MetricName;
    setText(m.querySelector('b'), formatValue(name, r?.metrics[name]));
  }
  const age = r ? Math.max(0, Math.round((now - r.ts) / 1000)) : undefined;
  setText(
    el.querySelector('.age'),
    age === undefined
      ? t(lang, 'noData')
      : age * 1000 > STALE_MS
        ? `${t(lang, 'stale')} · ${formatAge(lang, age)}`
        : formatAge(lang, age),
  );
  const last = shownKpi.get(el);
  if (u.kpi && (last?.kpi !== u.kpi || last.lang !== lang || last.spark !== u.spark.length)) {
    kpiInto(el.querySelector<HTMLElement>('.kpi')!, u.kpi, u.spark, lang);
    shownKpi.set(el, { kpi: u.kpi, lang, spark: u.spark.length });
  }
}

/** The KPI against its band: value, where it sits between the class limit and grade 1, deviation %, sparkline. */
function kpiInto(box: HTMLElement, k: DeviceKpi, spark: number[], lang: Lang): void {
  box.hidden = false;
  setText(box.querySelector('.kname'), k.name[lang]);
  setText(box.querySelector('.kval'), fmt(k.value));
  setText(box.querySelector('.kunit'), k.unit);
  const m = margin(k);
  const judged = gradable(k);
  box.dataset.below = String(belowLimit(k));
  setText(
    box.querySelector('.kdev'),
    m === undefined ? '' : `${m >= 0 ? '+' : ''}${m.toFixed(1)} % ${t(lang, 'vsLimit')} ${fmt(k.limit)}`,
  );
  // the bar spans the limit to the best level (grade 1) with room either side; the tick is the limit
  const levels = [k.limit, k.levels?.grade1, k.levels?.benchmark, k.value].filter(
    (v): v is number => v !== undefined && Number.isFinite(v),
  );
  const bar = box.querySelector<HTMLElement>('.bar')!;
  bar.hidden = k.limit === undefined;
  if (k.limit !== undefined && levels.length) {
    let lo = Math.min(...levels);
    let hi = Math.max(...levels);
    const pad = (hi - lo || Math.abs(hi) || 1) * 0.15;
    [lo, hi] = [lo - pad, hi + pad];
    const at = (v: number) => `${(((v - lo) / (hi - lo)) * 100).toFixed(1)}%`;
    (bar.querySelector('.lim') as HTMLElement).style.left = at(k.limit);
    (bar.querySelector('.pos') as HTMLElement).style.left = at(k.value);
  }
  const reason = k.judgement?.reason;
  setText(
    box.querySelector('.kfoot'),
    reason
      ? t(lang, `j_${reason}`)
      : k.grade !== undefined && judged
        ? k.grade === 'below'
          ? t(lang, 'belowGrade3')
          : lang === 'zh'
            ? `${k.grade}${t(lang, 'grade')}`
            : `${t(lang, 'grade')}${k.grade}`
        : '',
  );
  const line = box.querySelector('.spark polyline')!;
  if (spark.length > 1) {
    const lo = Math.min(...spark);
    const hi = Math.max(...spark);
    const span = hi - lo || 1;
    line.setAttribute(
      'points',
      spark
        .map((v, i) => `${((i / (spark.length - 1)) * 80).toFixed(1)},${(18 - ((v - lo) / span) * 16).toFixed(1)}`)
        .join(' '),
    );
  } else line.setAttribute('points', '');
}
