import { openSocket } from './session.js';
import type { Socket } from 'socket.io-client';
import type {
  Alert,
  ClientToServerEvents,
  ComplianceReport,
  ComplianceRow,
  EnterpriseSpec,
  FleetList,
  PlantSpec,
  ServerToClientEvents,
} from '#contracts';
import { classLabel, type Lang } from './i18n.js';
import { PlanSection } from './plan.js';
import { MonitoringView } from './monitoring-view.js';
import { ALERT_STATE, PRIORITY, REGIONS, tp, type PlanUiKey } from './plan-i18n.js';
import './style.css';

/**
 * The regulator's view: compliance per the plan (production capacity per key field, plan.ts); the equipment
 * register's grades per class, labelled as such; equipment below grade 3 / 基准; live alerts.
 */
const UI = {
  title: { zh: '监管视图 · 重点领域能效达标情况', en: 'Regulator view · energy efficiency of the key fields' },
  groupBy: { zh: '分组', en: 'Group by' },
  region: { zh: '行政区', en: 'Region' },
  industry: { zh: '行业', en: 'Industry' },
  plant: { zh: '企业', en: 'Plant' },
  csvEquipment: { zh: '导出设备等级 CSV', en: 'Export equipment grades CSV' },
  console: { zh: '运行监控', en: 'Operations console' },
  below: { zh: '低于能效限定值（3级）或基准的设备', en: 'Equipment below grade 3 or 基准' },
  feed: { zh: '实时告警', en: 'Live alerts' },
  cls: { zh: '设备类别', en: 'Class' },
  devices: { zh: '设备数', en: 'Devices' },
  benchmark: { zh: '标杆', en: '标杆 benchmark' },
  baseline: { zh: '基准', en: '基准 baseline' },
  belowShort: { zh: '低于基准', en: 'Below' },
  unknown: { zh: '无数据', en: 'No KPI' },
  atBaseline: { zh: '≥基准 容量占比', en: 'Capacity ≥ 基准' },
  atBenchmark: { zh: '标杆 容量占比', en: 'Capacity at 标杆' },
  meets: { zh: '达标', en: 'Meets' },
  misses: { zh: '未达标', en: 'Misses' },
  none: { zh: '暂无', en: 'None' },
  targets: {
    zh: '2025 年目标：各重点领域产能 100% 达到能效基准水平，30% 达到标杆水平（缺数据的产能单列，不计为达标）',
    en: '2025 targets: in each key field, 100 % of capacity at or above the 基准 level and 30 % at 标杆 (capacity without data shown apart, never counted as compliant)',
  },
  unverified: { zh: '基准值未核实', en: 'baseline unverified' },
  limit: { zh: '限值', en: 'limit' },
  switchLang: { zh: 'English', en: '中文' },
  fPriority: { zh: '优先级', en: 'Priority' },
  fState: { zh: '状态', en: 'State' },
  fPlant: { zh: '企业/工厂', en: 'Enterprise / plant' },
  all: { zh: '全部', en: 'All' },
} as const;
type Key = keyof typeof UI;

let lang: Lang = (localStorage.getItem('qw.lang') as Lang) || (navigator.language.startsWith('zh') ? 'zh' : 'en');
let report: ComplianceReport | undefined;
const feed: Alert[] = [];
const plants = new Map<string, PlantSpec>();
/** the enterprises of the plants the caller sees, for the pickers' names */
const enterprises = new Map<string, EnterpriseSpec>();
const $ = (id: string) => document.getElementById(id)!;
const t = (k: Key) => UI[k][lang];
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const groupSelect = $('groupBy') as HTMLSelectElement;

function groupName(g: string): string {
  if (report?.groupBy === 'region' && REGIONS[g]) return `${REGIONS[g][lang]} <small>${g}</small>`;
  const p = report?.groupBy === 'plant' ? plants.get(g) : undefined;
  if (p) return `${esc(lang === 'zh' && p.nameZh ? p.nameZh : p.name)} <small>${esc(g)}</small>`;
  return esc(g);
}

function bar(share: number, target: number, known: boolean): string {
  if (!known) return '<span class="muted">—</span>';
  const ok = share >= target;
  return `<div class="share ${ok ? 'ok' : 'short'}"><span style="width:${Math.min(100, share * 100)}%"></span>
    <i style="left:${target * 100}%"></i><b>${pct(share)}</b></div>`;
}

function row(r: ComplianceRow): string {
  const d = r.devices;
  const total = d.benchmark + d.baseline + d.below + d.unknown;
  const known = d.unknown < total;
  const verdict = !known
    ? `<span class="verdict none">${t('unknown')}</span>`
    : `<span class="verdict ${r.meetsTargets ? 'ok' : 'short'}">${r.meetsTargets ? t('meets') : t('misses')}</span>`;
  return `<tr data-group="${esc(r.group)}" data-class="${r.class}">
    <td>${groupName(r.group)}</td><td>${esc(classLabel(lang, r.class))}</td><td class="num">${total}</td>
    <td class="num">${d.benchmark}</td><td class="num">${d.baseline}</td>
    <td class="num ${d.below ? 'bad' : ''}">${d.below}</td><td class="num muted">${d.unknown}</td>
    <td>${bar(r.shareAtOrAboveBaseline, report!.targets.atOrAboveBaseline, known)}</td>
    <td>${bar(r.shareAtBenchmark, report!.targets.atBenchmark, known)}</td>
    <td>${verdict}</td>
  </tr>`;
}

function render(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => (el.textContent = t(el.dataset.i18n as Key)));
  document
    .querySelectorAll<HTMLElement>('[data-plan]')
    .forEach((el) => (el.textContent = tp(lang, el.dataset.plan as PlanUiKey)));
  plan.render();
  monitoring.render();
  for (const o of groupSelect.options) o.textContent = t(o.value as Key);
  $('lang').textContent = t('switchLang');
  $('targets').textContent = t('targets');
  if (!report) return;
  $('compliance').innerHTML =
    `<table class="reg-table" id="equipment-grades" data-group-by="${report.groupBy}"><thead><tr>
      <th>${t(report.groupBy)}</th><th>${t('cls')}</th><th class="num">${t('devices')}</th>
      <th class="num">${t('benchmark')}</th><th class="num">${t('baseline')}</th><th class="num">${t('belowShort')}</th>
      <th class="num">${t('unknown')}</th><th>${t('atBaseline')}</th>
      <th>${t('atBenchmark')}</th><th></th></tr></thead><tbody>${report.rows.map(row).join('')}</tbody></table>`;
  $('below').innerHTML = report.belowBaseline.length
    ? `<ul class="below-list">${report.belowBaseline
        .map(
          (b) => `<li data-device="${esc(`${b.plantId}/${b.deviceId}`)}"><b>${esc(b.name)}</b>
            <span class="muted">${esc(b.plantId)} · ${esc(classLabel(lang, b.class))}</span>
            <span>${esc(b.kpi.name[lang])} ${b.kpi.value.toFixed(2)} ${esc(b.kpi.unit)}${
              b.kpi.limit !== undefined ? ` (${t('limit')} ${b.kpi.limit.toFixed(2)})` : ''
            }</span>${b.unverifiedBaseline ? `<span class="unverified">${t('unverified')}</span>` : ''}</li>`,
        )
        .join('')}</ul>`
    : `<p class="muted">${t('none')}</p>`;
  renderFeed();
}

const FEED_MAX = 50;
const filterIds = ['feed-priority', 'feed-state', 'feed-plant'] as const;
const filterValue = (id: (typeof filterIds)[number]) => ($(id) as HTMLSelectElement).value;

/** The filters' options in the page's language, keeping what is picked. */
function renderFilters(): void {
  const fill = (id: (typeof filterIds)[number], opts: Array<[string, string]>) => {
    const sel = $(id) as HTMLSelectElement;
    const v = sel.value;
    sel.innerHTML = [['', t('all')], ...opts]
      .map(([value, text]) => `<option value="${esc(value)}">${esc(text)}</option>`)
      .join('');
    sel.value = v;
  };
  fill(
    'feed-priority',
    Object.entries(PRIORITY).map(([k, v]) => [k, v[lang]]),
  );
  fill(
    'feed-state',
    Object.entries(ALERT_STATE).map(([k, v]) => [k, v[lang]]),
  );
  fill('feed-plant', [
    ...[...enterprises.values()].map((e): [string, string] => [`e:${e.id}`, (lang === 'zh' && e.nameZh) || e.name]),
    ...[...plants.values()].map((p): [string, string] => [`p:${p.id}`, lang === 'zh' && p.nameZh ? p.nameZh : p.name]),
  ]);
}

function shown(a: Alert): boolean {
  const [prio, state, where] = filterIds.map(filterValue);
  const plant = plants.get(a.plantId);
  return (
    (!prio || a.priority === prio) &&
    (!state || a.state === state) &&
    (!where || where === `p:${a.plantId}` || where === `e:${plant?.enterprise ?? ''}`)
  );
}

function renderFeed(): void {
  renderFilters();
  const list = feed.filter(shown);
  $('feed').innerHTML = list.length
    ? list
        .map(
          (a) => `<li class="prio-${a.priority}" data-alert="${esc(a.id)}" data-state="${esc(a.state)}">
          <time>${new Date(a.updatedAt ?? a.openedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}</time>
          <b>${esc(a.plantId)}/${esc(a.deviceId)}</b> ${esc(a.message[lang])}
          <span class="prio">${PRIORITY[a.priority]?.[lang] ?? esc(a.priority)}</span>
          <span class="state" data-state="${esc(a.state)}">${ALERT_STATE[a.state]?.[lang] ?? esc(a.state)}</span></li>`,
        )
        .join('')
    : `<li class="muted">${t('none')}</li>`;
}

// a slower earlier answer (the first load) must not overwrite the grouping asked for since
let loads = 0;
async function load(): Promise<void> {
  const mine = ++loads;
  const res = await fetch(`/api/regulator/compliance?groupBy=${groupSelect.value}`);
  const answer = res.ok ? ((await res.json()) as ComplianceReport) : undefined;
  if (mine !== loads) return;
  if (answer) report = answer;
  ($('csv') as HTMLAnchorElement).href = `/api/regulator/compliance.csv?groupBy=${groupSelect.value}`;
  render();
}

groupSelect.addEventListener('change', () => void load());
$('lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('qw.lang', lang);
  render();
});
const socket: Socket<ServerToClientEvents, ClientToServerEvents> = openSocket();
// after a disconnection the alerts changed meanwhile were never pushed: take the open ones again from the API
let connectedOnce = false;
socket.on('connect', () => {
  if (connectedOnce) void resyncAlerts();
  connectedOnce = true;
});
socket.on('alert', (a) => {
  const i = feed.findIndex((x) => x.id === a.id);
  if (i >= 0) feed.splice(i, 1);
  feed.unshift(a);
  feed.length = Math.min(feed.length, FEED_MAX);
  renderFeed();
});
/**
 * The feed from the API: the alerts changed most recently, in every state, replacing what the page held, so one
 * resolved or acknowledged while the page was disconnected shows in its new state.
 */
async function resyncAlerts(): Promise<void> {
  const res = await fetch('/api/alerts');
  if (!res.ok) return;
  const all = (await res.json()) as Alert[];
  const recent = all.sort((a, b) => (b.updatedAt ?? b.openedAt) - (a.updatedAt ?? a.openedAt)).slice(0, FEED_MAX);
  feed.splice(0, feed.length, ...recent);
  renderFeed();
}
for (const id of filterIds) $(id).addEventListener('change', () => renderFeed());

/** First paint: plant names, and the alerts already open (the feed then follows socket.io). */
async function first(): Promise<void> {
  const fleetRes = await fetch('/api/fleet');
  if (fleetRes.ok) {
    const fleet = (await fleetRes.json()) as FleetList;
    for (const p of fleet.plants) plants.set(p.id, p);
    for (const e of fleet.enterprises) enterprises.set(e.id, e);
  }
  monitoring.setEnterprises([...enterprises.values()]);
  await Promise.all([resyncAlerts(), load(), plan.load(), monitoring.load()]);
}

const plan = new PlanSection(() => lang);
const monitoring = new MonitoringView(() => lang);
render();
void first();
setInterval(() => void load(), 10_000);
