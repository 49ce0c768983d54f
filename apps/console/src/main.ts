import { openSocket } from './session.js';
import type { Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  DeviceKpi,
  DeviceSnapshot,
  FleetSnapshot,
  Reading,
  ServerToClientEvents,
} from '#contracts';
import { classLabel, metricLabel, t, type Lang, type UiKey, formatAge } from './i18n.js';
import { CARD_METRICS, formatValue, unitOf } from './format.js';
import { kpiBlock, updateKpi } from './kpi.js';
import { mountAlerts } from './alerts.js';
import { installHistory } from './history.js';
import './style.css';

/** A device is shown as stale when its newest reading is older than this. */
const STALE_MS = 30_000;

let lang: Lang = (localStorage.getItem('qw.lang') as Lang) || (navigator.language.startsWith('zh') ? 'zh' : 'en');
let snapshot: FleetSnapshot = { plants: [], devices: [] };
const latest = new Map<string, Reading>();
const kpis = new Map<string, DeviceKpi>();
const app = document.getElementById('app')!;
const conn = document.getElementById('conn')!;
const langBtn = document.getElementById('lang') as HTMLButtonElement;

const key = (plantId: string, deviceId: string) => `${plantId}/${deviceId}`;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function setConn(state: 'connecting' | 'connected' | 'disconnected'): void {
  conn.dataset.state = state;
  conn.textContent = t(lang, state as UiKey);
}

function renderCard(d: DeviceSnapshot): string {
  const { device } = d;
  const metrics = CARD_METRICS[device.class] ?? [];
  const rows = metrics
    .map(
      (m) => `<div class="metric" data-metric="${m}">
        <span class="label">${esc(metricLabel(lang, m))}</span>
        <span class="value"><b>—</b><small>${esc(unitOf(m))}</small></span></div>`,
    )
    .join('');
  return `<article class="card" data-device="${esc(key(device.plantId, device.id))}" data-class="${device.class}">
    <header><span class="cls cls-${device.class}">${esc(classLabel(lang, device.class))}</span>
      <h3 title="${esc(device.id)}">${esc(device.name)}</h3></header>
    ${kpiBlock(lang)}
    <div class="metrics">${rows}</div>
    <footer><span class="age">${t(lang, 'noData')}</span><span class="sim" hidden>${t(lang, 'simulated')}</span></footer>
  </article>`;
}

function render(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(lang, el.dataset.i18n as UiKey);
  });
  langBtn.textContent = t(lang, 'switchLang');
  app.innerHTML = snapshot.plants
    .map((p) => {
      const devices = snapshot.devices.filter((d) => d.device.plantId === p.id);
      const title = lang === 'zh' && p.nameZh ? p.nameZh : p.name;
      return `<section class="plant" data-plant="${esc(p.id)}">
        <h2>${esc(title)} <span class="count">${devices.length} ${t(lang, 'devices')}</span></h2>
        <div class="grid">${devices.map(renderCard).join('')}</div></section>`;
    })
    .join('');
  for (const r of latest.values()) update(r);
  for (const k of kpis.values()) showKpi(k);
  alertsPanel.render();
}

function showKpi(k: DeviceKpi): void {
  const card = app.querySelector<HTMLElement>(`[data-device="${CSS.escape(key(k.plantId, k.deviceId))}"]`);
  if (card) updateKpi(card, k, lang);
}

/** Writes a reading into its card; touches only text nodes so thousands of updates stay cheap. */
function update(r: Reading): void {
  const card = app.querySelector<HTMLElement>(`[data-device="${CSS.escape(key(r.plantId, r.deviceId))}"]`);
  if (!card) return;
  card.dataset.ts = String(r.ts);
  for (const el of card.querySelectorAll<HTMLElement>('.metric')) {
    const m = el.dataset.metric as keyof Reading['metrics'];
    const b = el.querySelector('b')!;
    const text = formatValue(m, r.metrics[m]);
    if (b.textContent !== text) b.textContent = text;
    el.hidden = r.metrics[m] === undefined;
  }
  (card.querySelector('.sim') as HTMLElement).hidden = !r.sim;
  refreshAge(card);
}

function refreshAge(card: HTMLElement): void {
  const ts = Number(card.dataset.ts);
  if (!ts) return;
  const age = Math.max(0, Math.round((Date.now() - ts) / 1000));
  const stale = age * 1000 > STALE_MS;
  card.classList.toggle('stale', stale);
  card.querySelector('.age')!.textContent = stale
    ? `${t(lang, 'stale')} · ${formatAge(lang, age)}`
    : formatAge(lang, age);
}

langBtn.addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('qw.lang', lang);
  render();
  setConn(conn.dataset.state as 'connected');
});

const socket: Socket<ServerToClientEvents, ClientToServerEvents> = openSocket();
const alertsPanel = mountAlerts(socket, () => lang);
socket.on('kpis', (ks) => {
  for (const k of ks) {
    kpis.set(key(k.plantId, k.deviceId), k);
    showKpi(k);
  }
});
setConn('connecting');
socket.on('connect', () => setConn('connected'));
socket.on('disconnect', () => setConn('disconnected'));
socket.on('snapshot', (s) => {
  snapshot = s;
  for (const d of s.devices) if (d.latest) latest.set(key(d.device.plantId, d.device.id), d.latest);
  render();
});
socket.on('readings', (rs) => {
  for (const r of rs) {
    latest.set(key(r.plantId, r.deviceId), r);
    update(r);
  }
});
setInterval(() => app.querySelectorAll<HTMLElement>('.card').forEach(refreshAge), 1000);
const history = installHistory(app, {
  lang: () => lang,
  device: (p, d) => snapshot.devices.find((x) => x.device.plantId === p && x.device.id === d)?.device,
});
langBtn.addEventListener('click', () => history.rerender());
render();
