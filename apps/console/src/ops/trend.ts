import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HistoryResponse, KpiHistoryResponse, MetricName } from '#contracts';
import { metricLabel, type Lang } from '../i18n.js';
import { formatValue, unitOf } from '../format.js';
import { fmt } from './card.js';
import { formatInZone } from '../time.js';
import { bandReason, markText } from './trend-labels.js';

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
    const faults = k.faults;
    const alarm = css('--alarm');
    const fault = css('--fault');
    const unit = (v: number | null) => (v == null ? '—' : `${fmt(v)} ${k.unit}`);
    // a window without a band says why at the cursor; a range without any says it under the title
    const noBand = (i: number | null) => bandReason(d.lang, (i != null && k.rows[i]?.noBand) || k.band.reason);
    const bandValue = (_u: uPlot, v: number | null, _s: number, i: number | null) => (v == null ? noBand(i) : unit(v));
    const banded = k.rows.filter((r) => r.lo !== undefined).length;
    const edge: uPlot.Series = { stroke: css('--band'), width: 0.5, points: { show: false } };
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
        {
          label: d.lang === 'zh' ? '基线预期' : 'Baseline expects',
          stroke: css('--band'),
          dash: [2, 3],
          width: 1,
          points: { show: false },
          value: bandValue,
        },
        { label: d.lang === 'zh' ? '基线上界' : 'Band high', ...edge, value: bandValue },
        { label: d.lang === 'zh' ? '基线下界' : 'Band low', ...edge, value: bandValue },
      ],
      // the learned-baseline band: the detector's tolerance around what the model expects
      bands: [{ series: [4, 5], fill: 'rgba(120, 130, 150, 0.16)' }],
      hooks: {
        setCursor: [(u) => readOut(u.cursor.idx == null ? null : xs[u.cursor.idx])],
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
            // simulator faults: dashed lines at injection and clearing, a triangle on top (shape, not only colour)
            ctx.strokeStyle = fault;
            ctx.fillStyle = fault;
            ctx.setLineDash([4, 3]);
            for (const f of faults)
              for (const [t, head] of [
                [f.at, true],
                [f.until, false],
              ] as const) {
                if (t === undefined || t < u.scales.x.min! || t > u.scales.x.max!) continue;
                const x = Math.round(u.valToPos(t, 'x', true));
                ctx.beginPath();
                ctx.moveTo(x, u.bbox.top);
                ctx.lineTo(x, u.bbox.top + u.bbox.height);
                ctx.stroke();
                if (!head) continue;
                ctx.beginPath();
                ctx.moveTo(x - 6, u.bbox.top);
                ctx.lineTo(x + 6, u.bbox.top);
                ctx.lineTo(x, u.bbox.top + 9);
                ctx.fill();
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
    el.dataset.faults = String(faults.length);
    el.dataset.band = String(banded);
    if (k.band.reason) el.dataset.bandReason = k.band.reason;
    const note = document.createElement('p');
    note.className = 'band-note';
    note.textContent = banded
      ? d.lang === 'zh'
        ? `阴影带：自学习基线 ± ${k.band.z}σ（漂移检测的判据）`
        : `Shaded band: learned baseline ± ${k.band.z}σ (what the drift check judges against)`
      : `${d.lang === 'zh' ? '无基线带' : 'No baseline band'}: ${noBand(null)}`;
    // what happened at the cursor: alerts open and faults active then
    const marks = document.createElement('p');
    marks.className = 'trend-marks';
    const readOut = (t: number | null) => {
      const at = (m: { at: number; until?: number }) => t != null && m.at <= t && (m.until ?? Infinity) >= t;
      const when = (v?: number) => (v === undefined ? '…' : formatInZone(v, d.lang, d.timeZone));
      marks.textContent = [
        ...markers
          .filter(at)
          .map((m) => markText(d.lang, 'alert', `${m.rule} (${m.priority})`, when(m.at), when(m.until))),
        ...faults.filter(at).map((f) => markText(d.lang, 'fault', f.type, when(f.at), when(f.until))),
      ].join(' · ');
    };
    host.append(note, el, marks);
    const rows = k.rows;
    const col = (f: (r: (typeof rows)[number]) => number | undefined) => rows.map((r) => f(r) ?? null);
    const data: uPlot.AlignedData = [
      xs,
      col((r) => r.value),
      col((r) => r.limit),
      col((r) => r.expected),
      col((r) => r.hi),
      col((r) => r.lo),
    ];
    charts.push(new uPlot(opts, data, el));
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
