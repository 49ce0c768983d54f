import { openSocket } from './session.js';
import type { Socket } from 'socket.io-client';
import {
  VIEW_MAX_DEVICES,
  decodeLiveFrame,
  type ClientToServerEvents,
  type DeviceKpi,
  type Reading,
  type ServerToClientEvents,
} from '#contracts';
import { t, type Lang, type UiKey } from './i18n.js';
import { mountAlerts } from './alerts.js';
import { pageLinks, parseRoute, type Route } from './nav.js';
import { Model } from './ops/model.js';
import { VirtualGrid } from './ops/grid.js';
import { cardHtml, updateCard } from './ops/card.js';
import { mountOverview } from './ops/overview.js';
import { mountUnitView } from './ops/unit-view.js';
import { DEFAULT_TZ } from './time.js';
import './style.css';
import './ops.css';

let lang: Lang = (localStorage.getItem('qw.lang') as Lang) || (navigator.language.startsWith('zh') ? 'zh' : 'en');
let route: Route = parseRoute(location.hash);
const model = new Model();
const conn = document.getElementById('conn')!;
const langBtn = document.getElementById('lang') as HTMLButtonElement;
const scroller = document.getElementById('app')!;
const alertCount = document.getElementById('alert-count')!;

function setConn(state: 'connecting' | 'connected' | 'disconnected'): void {
  conn.dataset.state = state;
  conn.textContent = t(lang, state as UiKey);
}

const socket: Socket<ServerToClientEvents, ClientToServerEvents> = openSocket({ view: 'summary' });
const plantName = (id: string) => {
  const p = model.plants.get(id);
  return (lang === 'zh' && p?.nameZh) || p?.name || id;
};
const alerts = mountAlerts(document.getElementById('alerts')!, socket, {
  lang: () => lang,
  names: (plantId, deviceId) => ({
    device: model.units.get(`${plantId}/${deviceId}`)?.device.name ?? deviceId,
    plant: plantName(plantId),
    timeZone: model.plants.get(plantId)?.timeZone ?? DEFAULT_TZ,
  }),
  changed: () => {
    alertCount.textContent = String(alerts?.count() ?? 0);
    alertCount.dataset.n = alertCount.textContent;
    restate();
  },
  online: () => socket.connected,
});
model.alarmed = (key) => {
  const i = key.indexOf('/');
  return alerts.active(key.slice(0, i), key.slice(i + 1));
};

const overview = mountOverview(document.getElementById('overview')!, model, {
  lang: () => lang,
  route: () => route,
  changed: () => showList(),
});
const grid = new VirtualGrid(scroller, document.getElementById('grid')!, {
  create: (key) => cardHtml(model.units.get(key)!, lang),
  update: (el, key) => {
    const u = model.units.get(key);
    if (u) updateCard(el, u, lang, Date.now());
  },
  windowed: () => sendView(),
});
const unitView = mountUnitView(document.getElementById('unit')!, model, {
  lang: () => lang,
  alerts: (p, d) => alerts.forDevice(p, d),
  plantName,
});

let viewSent = '';
/**
 * Summarised view: tells the server which units the page shows (the cards in the page and the open unit), when that
 * changed or the socket joined again; their readings and KPIs are all it sends besides the plants' states.
 */
function sendView(force = false): void {
  if (!model.isSummarised || !socket.connected) return;
  const keys = new Set(grid.visibleKeys);
  if (route.view === 'unit') keys.add(`${route.plantId}/${route.deviceId}`);
  const list = [...keys].slice(0, VIEW_MAX_DEVICES);
  model.shown = new Set(list);
  const sig = list.join('\n');
  if (sig === viewSent && !force) return;
  viewSent = sig;
  socket.emit('view', {
    devices: list.map((k) => {
      const i = k.indexOf('/');
      return { plantId: k.slice(0, i), deviceId: k.slice(i + 1) };
    }),
  });
}

/** The list in view: the route's plant, the filters, exceptions first. */
function showList(): void {
  const keys = model.list(overview.filter()).map((u) => u.key);
  grid.setKeys(keys);
  overview.render(keys.length);
}

/** Display states are recomputed on a tick and when alerts change; the list reorders only when one changed. */
function restate(): void {
  if (model.restate(Date.now())) showList();
  grid.touchAll();
}

function chrome(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(lang, el.dataset.i18n as UiKey);
  });
  document.getElementById('pages')!.innerHTML = pageLinks(lang, 'console');
  langBtn.textContent = t(lang, 'switchLang');
  setConn((conn.dataset.state as 'connected') || 'connecting');
}

function navigate(): void {
  route = parseRoute(location.hash);
  overview.route();
  showList();
  unitView.show(route.view === 'unit' ? route : undefined);
  sendView();
}

langBtn.addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('qw.lang', lang);
  chrome();
  grid.rebuild();
  overview.render();
  alerts.render();
  unitView.rerender();
});
window.addEventListener('hashchange', navigate);
scroller.addEventListener('click', (e) => {
  const card = (e.target as HTMLElement).closest<HTMLElement>('.card[data-device]');
  if (!card) return;
  const [plantId, deviceId] = card.dataset.device!.split('/');
  location.hash = `#/unit/${encodeURIComponent(plantId)}/${encodeURIComponent(deviceId)}`;
});

setConn('connecting');
socket.on('connect', () => setConn('connected'));
socket.on('disconnect', () => setConn('disconnected'));
// a snapshot (at every join, reconnects included) is merged into what the page holds: no full re-render
socket.on('snapshot', (s) => {
  model.merge(s, Date.now());
  showList();
  grid.touchAll();
  unitView.refresh();
  sendView(true);
});
function readings(rs: Reading[]): void {
  for (const r of rs) {
    const u = model.reading(r);
    if (u) grid.touch(u.key);
  }
  unitView.live(rs);
}
function kpis(ks: DeviceKpi[]): void {
  for (const k of ks) {
    const u = model.kpi(k);
    if (u) grid.touch(u.key);
  }
  if (ks.length) unitView.refresh();
}
socket.on('readings', readings);
socket.on('kpis', kpis);
// summarised view: the shown units' values, and every plant's states (another fleet revision: join again)
socket.on('live', (bytes) => {
  const f = decodeLiveFrame(bytes);
  readings(f.readings);
  kpis(f.kpis);
});
// one plant's summary per packet: a fleet of many plants sends many a second, restated once per frame
let restateFrame = 0;
socket.on('summary', (s) => {
  if (!model.summary(s)) return void socket.emit('subscribe', {});
  restateFrame ||= requestAnimationFrame(() => ((restateFrame = 0), restate()));
});
// ages tick and stale states set in once a second, in one pass
setInterval(restate, 1000);
chrome();
navigate();
