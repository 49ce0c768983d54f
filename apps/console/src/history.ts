import type { DeviceSpec, HistoryResponse, MetricName } from '#contracts';
import { metricLabel, th, type Lang } from './i18n.js';
import { CARD_METRICS, formatValue, unitOf } from './format.js';

/**
 * Per-device history: clicking a device card opens a panel with a chart of its main metrics, read from the history
 * API (which reads the configured store). Plain SVG, no chart library: at most a few thousand points per line.
 */
const RANGES = [
  { key: 'range1h', ms: 3_600_000 },
  { key: 'range6h', ms: 6 * 3_600_000 },
  { key: 'range24h', ms: 24 * 3_600_000 },
] as const;
const W = 640;
const H = 150;
const PAD = { l: 56, r: 12, t: 10, b: 22 };
const CHART_METRICS = 3;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Open {
  device: DeviceSpec;
  rangeMs: number;
  data?: HistoryResponse;
  error?: boolean;
}

export interface HistoryHooks {
  lang: () => Lang;
  /** the device shown by a card, from the card's data-device ("plant/device") */
  device: (plantId: string, deviceId: string) => DeviceSpec | undefined;
}

export function installHistory(cards: HTMLElement, hooks: HistoryHooks): { rerender: () => void } {
  const panel = document.createElement('aside');
  panel.id = 'history';
  panel.hidden = true;
  document.body.append(panel);
  let open: Open | undefined;

  const close = () => {
    open = undefined;
    panel.hidden = true;
  };
  const load = async () => {
    const o = open;
    if (!o) return;
    o.data = undefined;
    o.error = false;
    render();
    const metrics = (CARD_METRICS[o.device.class] ?? []).slice(0, CHART_METRICS).join(',');
    const to = Date.now();
    const url = `/api/history/plants/${encodeURIComponent(o.device.plantId)}/devices/${encodeURIComponent(o.device.id)}?from=${to - o.rangeMs}&to=${to}&metrics=${metrics}`;
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(String(res.status));
      const data = (await res.json()) as HistoryResponse;
      if (open === o) o.data = data;
    } catch {
      if (open === o) o.error = true;
    }
    render();
  };

  const render = () => {
    if (!open) return;
    const lang = hooks.lang();
    const o = open;
    const d = o.data;
    const metrics = (CARD_METRICS[o.device.class] ?? []).slice(0, CHART_METRICS);
    const csv = d
      ? `/api/history/plants/${encodeURIComponent(d.plantId)}/devices/${encodeURIComponent(d.deviceId)}?from=${d.from}&to=${d.to}&format=csv`
      : '';
    const body = o.error
      ? `<p class="hist-msg">${th(lang, 'failed')}</p>`
      : !d
        ? `<p class="hist-msg">${th(lang, 'loading')}</p>`
        : d.rows.length === 0
          ? `<p class="hist-msg">${th(lang, 'noHistory')}</p>`
          : metrics.map((m) => chart(lang, m, d)).join('');
    panel.innerHTML = `<header><h3>${esc(o.device.name)} · ${th(lang, 'history')}</h3>
      <button type="button" class="hist-close" aria-label="${th(lang, 'close')}">×</button></header>
      <nav>${RANGES.map((r) => `<button type="button" data-range="${r.ms}" class="${r.ms === o.rangeMs ? 'on' : ''}">${th(lang, r.key)}</button>`).join('')}
      ${d ? `<span class="hist-res">${th(lang, d.resolution)}</span><a class="hist-csv" href="${csv}" download>${th(lang, 'csv')}</a>` : ''}</nav>
      <div class="hist-charts">${body}</div>`;
    panel.hidden = false;
  };

  cards.addEventListener('click', (e) => {
    const card = (e.target as HTMLElement).closest<HTMLElement>('.card[data-device]');
    if (!card) return;
    const [plantId, deviceId] = card.dataset.device!.split('/');
    const device = hooks.device(plantId, deviceId);
    if (!device) return;
    open = { device, rangeMs: open?.device === device ? open.rangeMs : RANGES[0].ms };
    void load();
  });
  panel.addEventListener('click', (e) => {
    const el = e.target as HTMLElement;
    if (el.closest('.hist-close')) close();
    const range = el.closest<HTMLElement>('[data-range]');
    if (range && open) {
      open.rangeMs = Number(range.dataset.range);
      void load();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });
  return { rerender: render };
}

/** One metric as an SVG line over the requested span; windows also draw their min–max band. */
function chart(lang: Lang, m: MetricName, d: HistoryResponse): string {
  const pts = d.rows.filter((r) => r.values[m] !== undefined);
  const title = `${esc(metricLabel(lang, m))}${unitOf(m) ? ` (${esc(unitOf(m))})` : ''}`;
  if (pts.length === 0) return `<figure><figcaption>${title}</figcaption><p class="hist-msg">—</p></figure>`;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of pts) {
    lo = Math.min(lo, r.min?.[m] ?? r.values[m]);
    hi = Math.max(hi, r.max?.[m] ?? r.values[m]);
  }
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  // the axis starts where the data does (a device or store younger than the range would draw a sliver at the edge)
  const start = Math.max(d.from, Math.min(pts[0].ts, d.to - 10_000));
  const x = (ts: number) => PAD.l + ((ts - start) / (d.to - start)) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - (v - lo) / (hi - lo)) * (H - PAD.t - PAD.b);
  const f = (n: number) => n.toFixed(1);
  const line = pts.map((r) => `${f(x(r.ts))},${f(y(r.values[m]))}`).join(' ');
  const band =
    d.resolution === 'raw'
      ? ''
      : `<polygon class="band" points="${[
          ...pts.map((r) => `${f(x(r.ts))},${f(y(r.max![m]))}`),
          ...[...pts].reverse().map((r) => `${f(x(r.ts))},${f(y(r.min![m]))}`),
        ].join(' ')}"/>`;
  // sparse series also get a dot per point, so a single reading is visible
  const dots =
    pts.length > 60
      ? ''
      : pts.map((r) => `<circle class="dot" cx="${f(x(r.ts))}" cy="${f(y(r.values[m]))}" r="2.5"/>`).join('');
  const time = (ts: number) =>
    new Date(ts).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: d.to - start < 600_000 ? '2-digit' : undefined,
    });
  const axis = `<line class="axis" x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}"/>
    <text class="tick" x="${PAD.l - 6}" y="${PAD.t + 4}" text-anchor="end">${formatValue(m, hi)}</text>
    <text class="tick" x="${PAD.l - 6}" y="${H - PAD.b}" text-anchor="end">${formatValue(m, lo)}</text>
    <text class="tick" x="${PAD.l}" y="${H - 6}">${time(start)}</text>
    <text class="tick" x="${W - PAD.r}" y="${H - 6}" text-anchor="end">${time(d.to)}</text>`;
  return `<figure data-metric="${m}"><figcaption>${title}</figcaption>
    <svg viewBox="0 0 ${W} ${H}" width="100%" data-points="${pts.length}" role="img" aria-label="${title}">
      ${axis}${band}<polyline class="line" points="${line}"/>${dots}</svg></figure>`;
}
