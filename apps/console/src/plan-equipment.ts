import type {
  Alert,
  DeviceKpi,
  DeviceSpec,
  KpiHistoryResponse,
  LedgerResponse,
  LineResult,
  PlanPeriod,
  RegisterEntry,
} from '#contracts';
import { classLabel, type Lang } from './i18n.js';
import { ALERT_STATE, PRIORITY } from './plan-i18n.js';
import { te, type EqKey } from './plan-equipment-i18n.js';

/**
 * The equipment level of the regulator's drill-down, under a production line: the units of the line's plant (the
 * fleet file ties a line to a plant and to the one device that measures it, not to every unit it drives, so every
 * unit of the plant is listed, the measuring one first) with class, nameplate, latest state, the equipment-register
 * grade and their energy over the plan's period from the ledger; then one unit's page (KPI and alerts over the
 * period). Everything is read from routes that already exist and are scoped by the caller's regions: the fleet, the
 * latest KPIs, the register, the ledger per device, the KPI history and the alerts.
 */

/** a KPI window older than two 5-minute windows means the unit has stopped reporting */
export const STALE_KPI_MS = 10 * 60_000;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (x: number, L: Lang, digits = 0) =>
  x.toLocaleString(L === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function json<T>(url: string): Promise<T | undefined> {
  const res = await fetch(url);
  return res.ok ? ((await res.json()) as T) : undefined;
}

/** The ledger's period labels covering a plan period (a quarter is read as its three months). */
export function ledgerRange(label: string): { granularity: 'month' | 'year'; from: string; to: string } {
  const q = /^(\d{4})-Q([1-4])$/.exec(label);
  if (q) {
    const first = (Number(q[2]) - 1) * 3 + 1;
    const m = (n: number) => `${q[1]}-${String(n).padStart(2, '0')}`;
    return { granularity: 'month', from: m(first), to: m(first + 2) };
  }
  return /^\d{4}$/.test(label)
    ? { granularity: 'year', from: label, to: label }
    : { granularity: 'month', from: label, to: label };
}

interface Energy {
  kgce: number;
  categories: Array<{ nameZh: string; nameEn: string; quantity: number; unit: string }>;
  completeness: number;
}

/** the ledger's figures of one device summed over the periods of the range */
export function energyOf(r: LedgerResponse | undefined): Energy | undefined {
  if (!r?.periods.length) return undefined;
  const cats = new Map<string, Energy['categories'][number] & { completeness: number }>();
  for (const p of r.periods)
    for (const c of p.categories) {
      const x = cats.get(c.category) ?? { ...c, quantity: 0, completeness: 1 };
      x.quantity += c.quantity;
      x.completeness = Math.min(x.completeness, c.completeness);
      cats.set(c.category, x);
    }
  const list = [...cats.values()];
  return {
    kgce: r.periods.reduce((s, p) => s + p.kgce, 0),
    categories: list,
    completeness: list.length ? Math.min(...list.map((c) => c.completeness)) / r.periods.length : 0,
  };
}

type RunState = 'running' | 'stopped' | 'stale';
export function runState(k: DeviceKpi | undefined, now: number): RunState {
  if (!k || now - k.ts > STALE_KPI_MS) return 'stale';
  return k.state === 'off' ? 'stopped' : 'running';
}

function nameplate(d: DeviceSpec): string {
  const n = d.nameplate;
  const parts: string[] = [];
  if (n.ratedKw !== undefined) parts.push(`${n.ratedKw} kW`);
  if (n.ratedKva !== undefined) parts.push(`${n.ratedKva} kVA`);
  if (n.ratedOutputTph !== undefined) parts.push(`${n.ratedOutputTph} t/h`);
  if (n.ratedHeatMw !== undefined) parts.push(`${n.ratedHeatMw} MW`);
  if (n.ratedEfficiency !== undefined) parts.push(`η ${n.ratedEfficiency} %`);
  if (n.ratedFlow !== undefined) parts.push(`${n.ratedFlow} ${d.class === 'compressor' ? 'm³/min' : 'm³/h'}`);
  return parts.join(' · ') || '—';
}

function grade(L: Lang, e: RegisterEntry | undefined): string {
  if (!e || e.grade === undefined) return `<span class="muted">${te(L, 'notGraded')}</span>`;
  const g = e.grade === 'below' ? te(L, 'belowGrade3') : `${te(L, 'grade')} ${e.grade}`;
  return `<span class="${e.grade === 'below' ? 'bad' : ''}">${esc(g)}</span>${
    e.citation ? ` <small>${esc(e.citation.split(/[ ,;]/).slice(0, 2).join(' '))}</small>` : ''
  }`;
}

function deviceName(d: DeviceSpec, L: Lang): string {
  // demo names carry both languages as 'English · 中文'
  const [en, zh] = d.name.split(' · ');
  return (L === 'zh' ? zh : en) ?? d.name;
}

function energyCell(L: Lang, e: Energy | undefined): string {
  if (!e) return '—';
  const cats = e.categories
    .filter((c) => c.quantity > 0)
    .map((c) => `${esc(L === 'zh' ? c.nameZh : c.nameEn)} ${num(c.quantity, L)} ${esc(c.unit)}`)
    .join('<br>');
  return `${num(e.kgce, L)} <small>kgce</small>${cats ? `<br><small>${cats}</small>` : ''}`;
}

/** what the equipment list and a device page need, for one plant and one plan period */
export interface EquipmentData {
  devices: DeviceSpec[];
  kpis: Map<string, DeviceKpi>;
  register: Map<string, RegisterEntry>;
  energy: Map<string, Energy | undefined>;
}

export async function loadEquipment(plantId: string, period: PlanPeriod): Promise<EquipmentData> {
  const p = encodeURIComponent(plantId);
  const [fleet, kpis, register] = await Promise.all([
    json<{ devices: DeviceSpec[] }>('/api/fleet'),
    json<DeviceKpi[]>(`/api/kpis?plantId=${p}`),
    json<RegisterEntry[]>(`/api/register?plantId=${p}`),
  ]);
  const devices = (fleet?.devices ?? []).filter((d) => d.plantId === plantId);
  const range = ledgerRange(period.label);
  const energy = await Promise.all(
    devices.map(async (d) => {
      const q = new URLSearchParams({ level: 'device', id: d.id, plantId, ...range });
      return [d.id, energyOf(await json<LedgerResponse>(`/api/ledger?${q}`))] as const;
    }),
  );
  return {
    devices,
    kpis: new Map((kpis ?? []).map((k) => [k.deviceId, k])),
    register: new Map((register ?? []).map((e) => [e.deviceId, e])),
    energy: new Map(energy),
  };
}

/** The line's equipment table; `link(deviceId)` makes the drill-down link to a device's page. */
export function equipmentTable(
  L: Lang,
  line: LineResult,
  data: EquipmentData,
  link: (deviceId: string, label: string) => string,
  now: number,
  zone: string,
): string {
  const devices = [...data.devices].sort((a, b) => Number(b.id === line.device) - Number(a.id === line.device));
  if (!devices.length) return `<p class="muted">${te(L, 'noEquipment')}</p>`;
  const rows = devices.map((d) => {
    const k = data.kpis.get(d.id);
    const st = runState(k, now);
    return `<tr data-device="${esc(d.id)}" class="run-${st}">
      <td>${link(d.id, esc(deviceName(d, L)))}${d.id === line.device ? ` <span class="tag">${te(L, 'measuring')}</span>` : ''}<br><small>${esc(d.id)}</small></td>
      <td>${esc(classLabel(L, d.class))}</td><td class="nameplate">${esc(nameplate(d))}</td>
      <td class="state">${te(L, st)}${k ? `<br><small>${esc(fmt(k.ts, L, zone))}</small>` : ''}</td>
      <td class="grade">${grade(L, data.register.get(d.id))}</td>
      <td class="num energy">${energyCell(L, data.energy.get(d.id))}</td></tr>`;
  });
  return `<h3>${te(L, 'equipment')}</h3><p class="muted eq-note">${te(L, 'equipmentScope')} ${te(L, 'gradeNote')}</p>
    <table class="reg-table" id="plan-equipment-table"><thead><tr><th>${te(L, 'unit')}</th><th>${te(L, 'cls')}</th>
    <th>${te(L, 'nameplate')}</th><th>${te(L, 'state')}</th><th>${te(L, 'gradeHead')}</th>
    <th class="num">${te(L, 'energy')}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** One unit over the plan period: its KPI (hourly means) and the alerts open at some time in the period. */
export async function loadDevice(
  plantId: string,
  deviceId: string,
  period: PlanPeriod,
): Promise<{ kpi?: KpiHistoryResponse; alerts: Alert[] }> {
  const base = `plants/${encodeURIComponent(plantId)}/devices/${encodeURIComponent(deviceId)}`;
  const to = Math.min(period.end, Date.now());
  const [kpi, alerts] = await Promise.all([
    json<KpiHistoryResponse>(`/api/history/${base}/kpi?from=${period.start}&to=${to}&resolution=1h`),
    json<Alert[]>(`/api/alerts?plantId=${encodeURIComponent(plantId)}&deviceId=${encodeURIComponent(deviceId)}`),
  ]);
  const inPeriod = (a: Alert) => a.openedAt < period.end && (a.clearedAt ?? a.updatedAt ?? period.end) >= period.start;
  return { kpi, alerts: (alerts ?? []).filter(inPeriod).sort((a, b) => b.openedAt - a.openedAt) };
}

/** mean, lowest and highest of the hourly KPI means, and the hours with data */
export function kpiSummary(k: KpiHistoryResponse): { mean?: number; min?: number; max?: number; hours: number } {
  const v = k.rows.map((r) => r.value);
  if (!v.length) return { hours: 0 };
  return { mean: v.reduce((a, b) => a + b, 0) / v.length, min: Math.min(...v), max: Math.max(...v), hours: v.length };
}

function spark(k: KpiHistoryResponse): string {
  const pts = k.rows;
  if (pts.length < 2) return '';
  const W = 600;
  const H = 80;
  const lo = Math.min(...pts.map((r) => r.value));
  const hi = Math.max(...pts.map((r) => r.value));
  const x = (t: number) => ((t - k.from) / (k.to - k.from)) * W;
  const y = (v: number) => H - 4 - ((v - lo) / (hi - lo || 1)) * (H - 8);
  const d = pts.map((r, i) => `${i ? 'L' : 'M'}${x(r.ts).toFixed(1)},${y(r.value).toFixed(1)}`).join('');
  return `<svg class="kpi-spark" viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" role="img"><path d="${d}"/></svg>`;
}

export function devicePage(
  L: Lang,
  plantId: string,
  d: DeviceSpec | undefined,
  data: EquipmentData,
  dev: { kpi?: KpiHistoryResponse; alerts: Alert[] },
  period: PlanPeriod,
  now: number,
  zone: string,
): string {
  if (!d) return `<p class="muted">${te(L, 'noEquipment')}</p>`;
  const k = dev.kpi;
  const s = k ? kpiSummary(k) : undefined;
  const f = (x?: number) => (x === undefined ? '—' : num(x, L, 2));
  const st = runState(data.kpis.get(d.id), now);
  const fact = (key: EqKey, value: string, id = '') =>
    `<div${id ? ` id="${id}"` : ''}><dt>${te(L, key)}</dt><dd>${value}</dd></div>`;
  const alerts = dev.alerts.length
    ? `<table class="reg-table" id="device-alerts"><thead><tr><th>${te(L, 'opened')}</th><th>${te(L, 'priority')}</th>
      <th>${te(L, 'alertState')}</th><th>${te(L, 'message')}</th></tr></thead><tbody>${dev.alerts
        .map(
          (a) => `<tr data-alert="${esc(a.id)}"><td>${esc(fmt(a.openedAt, L, zone))}</td>
          <td>${PRIORITY[a.priority]?.[L] ?? esc(a.priority)}</td><td>${ALERT_STATE[a.state]?.[L] ?? esc(a.state)}</td>
          <td>${esc(a.message[L])}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p class="muted" id="device-alerts">${te(L, 'noAlerts')}</p>`;
  return `<section class="line-card" id="plan-device-page" data-device="${esc(d.id)}">
    <h3>${esc(deviceName(d, L))} <small>${esc(plantId)} / ${esc(d.id)} · ${esc(classLabel(L, d.class))}</small></h3>
    <dl class="device-facts">
      ${fact('nameplate', esc(nameplate(d)))}
      ${fact('state', te(L, st), 'device-state')}
      ${fact('gradeHead', grade(L, data.register.get(d.id)))}
      ${fact('energy', energyCell(L, data.energy.get(d.id)), 'device-energy')}
    </dl>
    <h4>${te(L, 'kpiOver')} ${esc(period.label)}: ${k ? esc(k.name[L]) : '—'} <small>${k ? esc(k.unit) : ''}</small></h4>
    <table class="reg-table" id="device-kpi"><thead><tr><th class="num">${te(L, 'mean')}</th><th class="num">${te(L, 'min')}</th>
      <th class="num">${te(L, 'max')}</th><th class="num">${te(L, 'hours')}</th></tr></thead>
      <tbody><tr><td class="num mean">${f(s?.mean)}</td><td class="num">${f(s?.min)}</td><td class="num">${f(s?.max)}</td>
      <td class="num hours">${s?.hours ?? 0}</td></tr></tbody></table>
    ${k ? spark(k) : ''}
    <h4>${te(L, 'alertsIn')} ${esc(period.label)}</h4>${alerts}
    <p><a href="/ledger.html?subject=plant:${encodeURIComponent(plantId)}&month=${esc(ledgerRange(period.label).to.slice(0, 7))}">${te(L, 'ledger')}</a></p>
  </section>`;
}

function fmt(t: number, L: Lang, zone: string): string {
  return new Intl.DateTimeFormat(L === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: zone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(t);
}
