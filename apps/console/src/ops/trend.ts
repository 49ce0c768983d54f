import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HistoryResponse, KpiHistoryResponse, MetricName } from '#contracts';
import { metricLabel, type Lang } from '../i18n.js';
import { formatValue, unitOf } from '../format.js';
import { fmt } from './card.js';
import { formatInZone } from '../time.js';

/** Tick labels in the plant's zone, 24-hour, as fine as the span needs. */
function tickFormat(lang: Lang, timeZone: string) {
  const make = (o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone, hourCycle: 'h23', ...o });
  const sec = make({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const min = make({ hour: '2-digit', minute: '2-digit' });
  const day = make({ month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return (_u: uPlot, splits: number[]) => {
    const span = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
    const f = span < 600_000 ? sec : span < 2 * 86_400_000 ? min : day;
    return splits.map((v) => f.format(v));
  };
}

/**
 * A unit's trend with uPlot: the KPI with its class limit and the unit's alerts as shaded spans, and its raw
 * channels beneath, all on one time axis in the plant's time zone (the cursor and drag-to-zoom are shared through
 * a sync key), each series read out under the cursor with its unit.
 */
export interface TrendData {
  kpi?: KpiHistoryResponse;
  raw?: HistoryResponse;
  metrics: MetricName[];
  timeZone: string;
  lang: Lang;
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#999';

export function drawTrends(host: HTMLElement, d: TrendData, width: number): uPlot[] {
  host.replaceChildren();
  const charts: uPlot[] = [];
  const sync = uPlot.sync(`unit-${Math.random()}`);
  const tzDate = (ts: number) => uPlot.tzDate(new Date(ts), d.timeZone);
  const base = (height: number): Omit<uPlot.Options, 'series'> => ({
    width,
    height,
    ms: 1,
    tzDate,
    cursor: { sync: { key: sync.key, setSeries: false }, drag: { x: true, y: false, setScale: true } },
    scales: { x: { time: true } },
    axes: [
      {
        stroke: css('--muted'),
        grid: { stroke: css('--line') },
        ticks: { stroke: css('--line') },
        values: tickFormat(d.lang, d.timeZone),
      },
      { stroke: css('--muted'), grid: { stroke: css('--line') }, ticks: { stroke: css('--line') }, size: 56 },
    ],
  });
  // the cursor's time, in the plant's zone with the zone named
  const time: uPlot.Series = {
    label: d.lang === 'zh' ? '时间' : 'Time',
    value: (_u, v) => (v == null ? '—' : formatInZone(v, d.lang, d.timeZone)),
  };
  const k = d.kpi;
  if (k && k.rows.length) {
    const xs = k.rows.map((r) => r.ts);
    const markers = k.markers;
    const alarm = css('--alarm');
    const opts: uPlot.Options = {
      ...base(200),
      title: `${k.name[d.lang]} (${k.unit})`,
      series: [
        time,
        {
          label: `${k.name[d.lang]}`,
          stroke: css('--text'),
          width: 1.5,
          value: (_u, v) => (v == null ? '—' : `${fmt(v)} ${k.unit}`),
        },
        {
          label: d.lang === 'zh' ? '能效限值' : 'Class limit',
          stroke: css('--limit'),
          dash: [6, 4],
          width: 1,
          value: (_u, v) => (v == null ? '—' : `${fmt(v)} ${k.unit}`),
        },
      ],
      hooks: {
        // alerts in the range: a shaded span from opening to clearing (or to now), and a marker line at the opening
        drawClear: [
          (u) => {
            const ctx = u.ctx;
            ctx.save();
            for (const m of markers) {
              const x0 = u.valToPos(Math.max(m.at, u.scales.x.min!), 'x', true);
              const x1 = u.valToPos(Math.min(m.until ?? u.scales.x.max!, u.scales.x.max!), 'x', true);
              if (x1 < x0) continue;
              ctx.fillStyle = 'rgba(229, 72, 77, 0.12)';
              ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
              ctx.fillStyle = alarm;
              ctx.fillRect(x0, u.bbox.top, 2, u.bbox.height);
            }
            ctx.restore();
          },
        ],
      },
    };
    const el = document.createElement('div');
    el.className = 'trend trend-kpi';
    el.dataset.points = String(xs.length);
    el.dataset.markers = String(markers.length);
    host.append(el);
    charts.push(new uPlot(opts, [xs, k.rows.map((r) => r.value), k.rows.map((r) => r.limit ?? null)], el));
  }
  const raw = d.raw;
  if (raw && raw.rows.length)
    for (const m of d.metrics) {
      const rows = raw.rows.filter((r) => r.values[m] !== undefined);
      if (!rows.length) continue;
      const unit = unitOf(m);
      const el = document.createElement('div');
      el.className = 'trend trend-raw';
      el.dataset.metric = m;
      host.append(el);
      const label = `${metricLabel(d.lang, m)}${unit ? ` (${unit})` : ''}`;
      charts.push(
        new uPlot(
          {
            ...base(110),
            series: [
              time,
              {
                label,
                stroke: css('--muted-strong'),
                width: 1,
                value: (_u, v) => (v == null ? '—' : `${formatValue(m, v)} ${unit}`),
              },
            ],
          },
          [rows.map((r) => r.ts), rows.map((r) => r.values[m])],
          el,
        ),
      );
    }
  return charts;
}
