import type { Socket } from 'socket.io-client';
import type { Alert, ClientToServerEvents, FloodEvent, ServerToClientEvents } from '#contracts';
import { t, type Lang, type UiKey } from './i18n.js';
import { routeHref } from './nav.js';
import { alertUi, type AlertUiKey } from './alert-labels.js';
import { formatInZone } from './time.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ORDER = { high: 0, medium: 1, low: 2 } as const;
/** Shelving durations an operator chooses from (ISA-18.2: shelving is always limited in time; the server caps it). */
const SHELVE_H = [1, 4, 8, 24];
/** Alerts of one rule in one plant at or above this count are shown as one group (a flood's common cause). */
const GROUP_AT = 3;

export interface AlertHooks {
  lang: () => Lang;
  /** a device's and its plant's display names, and the plant's time zone */
  names: (plantId: string, deviceId: string) => { device: string; plant: string; timeZone: string };
  /** the set of alerts changed (the units' states and the header count follow) */
  changed: () => void;
  online: () => boolean;
}

export interface AlertsPanel {
  render(): void;
  /** whether a unit has an active alert (open or acknowledged; shelved ones are out of the operator's way) */
  active(plantId: string, deviceId: string): boolean;
  forDevice(plantId: string, deviceId: string): Alert[];
  count(): number;
}

/**
 * The alerts panel: active alerts highest priority first, floods grouped, each named by unit and plant with a link
 * to the unit and its trend, its evidence, and the operator's actions. The list is re-read from REST at every
 * (re)connect and replaces what the page held, so an alert resolved while the page was offline disappears.
 * An action that fails (offline, refused) says so on its row and can be retried.
 */
export function mountAlerts(
  host: HTMLElement,
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  hooks: AlertHooks,
): AlertsPanel {
  host.classList.add('alerts');
  let alerts = new Map<string, Alert>();
  const floods = new Map<string, FloodEvent>();
  const errors = new Map<string, string>();
  /** the last action tried on an alert, for Retry */
  const tried = new Map<string, { action: string; body: Record<string, unknown> }>();
  /** `plant/device` of every unit with an open or acknowledged alert */
  let activeUnits = new Set<string>();
  const user = () => localStorage.getItem('qw.user') || 'operator';
  let frame = 0;

  async function load(): Promise<void> {
    const asked = Date.now();
    const res = await fetch('/api/alerts?state=open,acknowledged,shelved').catch(() => undefined);
    if (!res?.ok) return;
    const list = (await res.json()) as Alert[];
    const next = new Map(list.map((a) => [a.id, a]));
    // a live change that arrived while the list was on its way is newer than the list
    for (const a of alerts.values()) if ((a.updatedAt ?? 0) > asked) next.set(a.id, a);
    alerts = next;
    changed();
  }

  function changed(): void {
    activeUnits = new Set(
      [...alerts.values()]
        .filter((a) => a.state === 'open' || a.state === 'acknowledged')
        .map((a) => `${a.plantId}/${a.deviceId}`),
    );
    hooks.changed();
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), render()));
  }

  async function act(id: string, action: string, body: Record<string, unknown>): Promise<void> {
    errors.delete(id);
    tried.set(id, { action, body });
    if (!hooks.online()) {
      errors.set(id, 'offline');
      return render();
    }
    try {
      const res = await fetch(`/api/alerts/${encodeURIComponent(id)}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ by: user(), ...body }),
      });
      if (!res.ok) {
        const b = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
        errors.set(id, `${res.status} ${b.error ?? b.message ?? ''}`.trim());
      } else {
        const a = (await res.json()) as Alert;
        alerts.set(a.id, a);
        tried.delete(id);
      }
    } catch {
      errors.set(id, 'offline');
    }
    changed();
    render();
  }

  const open = () =>
    [...alerts.values()]
      .filter((a) => a.state !== 'resolved')
      .sort((x, y) => ORDER[x.priority] - ORDER[y.priority] || y.openedAt - x.openedAt);

  function evidence(a: Alert, l: Lang, tz: string): string {
    const rows = Object.entries(a.evidence)
      .filter(([, v]) => v === null || typeof v !== 'object')
      .map(([k, v]) => {
        const time = typeof v === 'number' && /At$|Ts$|^ts$|since/i.test(k) && v > 1e12;
        return `<dt>${esc(k)}</dt><dd>${esc(time ? formatInZone(v, l, tz) : String(v))}</dd>`;
      })
      .join('');
    return `<details class="evidence" data-k="ev:${esc(a.id)}"><summary>${alertUi(l, 'evidence')}</summary><dl>${rows}</dl></details>`;
  }

  function row(a: Alert, l: Lang): string {
    const n = hooks.names(a.plantId, a.deviceId);
    const flags = [
      a.flags.chattering ? `<span class="flag">${t(l, 'chattering')}</span>` : '',
      a.flags.stale ? `<span class="flag">${t(l, 'staleAlert')}</span>` : '',
      a.flags.unverifiedBaseline ? `<span class="flag unv">⚠ ${t(l, 'unverified')}</span>` : '',
    ].join('');
    const btn = (action: string, key: UiKey) => `<button type="button" data-action="${action}">${t(l, key)}</button>`;
    const shelve =
      a.state === 'shelved'
        ? btn('unshelve', 'unshelve')
        : `<select class="shelve-h" aria-label="${alertUi(l, 'shelveFor')}">${SHELVE_H.map((h) => `<option value="${h}"${h === 8 ? ' selected' : ''}>${h} h</option>`).join('')}</select>${btn('shelve', 'shelve')}`;
    const buttons = [
      a.state === 'open' ? btn('acknowledge', 'acknowledge') : '',
      shelve,
      btn('resolve', 'resolve'),
    ].join('');
    const err = errors.get(a.id);
    const unit = routeHref({ view: 'unit', plantId: a.plantId, deviceId: a.deviceId });
    return `<li class="alert pr-${a.priority}" data-alert="${esc(a.id)}" data-state="${a.state}">
      <span class="prio">${a.priority === 'high' ? '▲' : a.priority === 'medium' ? '◆' : '●'} ${t(l, `pr_${a.priority}`)}</span>
      <div class="body"><div class="who"><a href="${unit}">${esc(n.device)}</a> · <span class="plant">${esc(n.plant)}</span></div>
        <div class="msg">${esc(a.message[l])}</div>
        <div class="meta"><span class="state">${t(l, `st_${a.state}`)}</span> · <time>${esc(formatInZone(a.openedAt, l, n.timeZone))}</time> ${flags}</div>
        ${evidence(a, l, n.timeZone)}
        ${err ? `<div class="act-error" role="alert">✖ ${esc(err === 'offline' ? alertUi(l, 'offline') : `${alertUi(l, 'refused')}: ${err}`)} <button type="button" data-action="retry">${alertUi(l, 'retry')}</button></div>` : ''}</div>
      <div class="actions">${buttons}</div></li>`;
  }

  /** Alerts of one rule in one plant, GROUP_AT or more: one collapsible group with the count and a likely cause. */
  function groups(list: Alert[], l: Lang): string {
    const by = new Map<string, Alert[]>();
    for (const a of list) {
      const k = `${a.plantId}\u0000${a.rule}`;
      by.set(k, [...(by.get(k) ?? []), a]);
    }
    const out: string[] = [];
    const done = new Set<string>();
    for (const a of list) {
      const k = `${a.plantId}\u0000${a.rule}`;
      if (done.has(k)) continue;
      const g = by.get(k)!;
      if (g.length < GROUP_AT) {
        out.push(row(a, l));
        continue;
      }
      done.add(k);
      const plant = hooks.names(a.plantId, a.deviceId).plant;
      const cause = a.rule.startsWith('dq.') ? ` ${alertUi(l, 'outageHint')}` : '';
      out.push(`<li class="group"><details data-k="g:${esc(k)}"><summary>${g.length} ${alertUi(l, 'devicesIn')} ${esc(plant)}: ${esc(ruleLabel(a, l))}${cause}</summary>
        <ul>${g.map((x) => row(x, l)).join('')}</ul></details></li>`);
    }
    return out.join('');
  }

  const ruleLabel = (a: Alert, l: Lang) => {
    const k = a.rule.startsWith('class.') ? 'rule_class' : `rule_${a.rule.replace('.', '_')}`;
    return alertUi(l, (k in RULES ? k : 'rule_other') as AlertUiKey);
  };

  function render(): void {
    const l = hooks.lang();
    const list = open();
    const flooding = [...floods.values()].filter((f) => f.active);
    // an evidence view or a group the operator opened stays open across re-renders
    const keepOpen = new Set([...host.querySelectorAll<HTMLElement>('details[open]')].map((d) => d.dataset.k));
    host.innerHTML = `<h2>${t(l, 'alerts')} <span class="count">${list.length}</span></h2>
      ${flooding.map((f) => `<div class="flood">▲ ${t(l, 'flood')} · ${esc(hooks.names(f.plantId, '').plant)} (${f.count})</div>`).join('')}
      <div class="alert-scroll">${list.length ? `<ul>${groups(list, l)}</ul>` : `<p class="none">${t(l, 'noAlerts')}</p>`}</div>`;
    for (const d of host.querySelectorAll<HTMLDetailsElement>('details')) if (keepOpen.has(d.dataset.k)) d.open = true;
  }

  host.addEventListener('click', (ev) => {
    const b = (ev.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    const li = b?.closest<HTMLElement>('[data-alert]');
    const id = li?.dataset.alert;
    if (!b || !id) return;
    const action = b.dataset.action!;
    const again = tried.get(id);
    if (action === 'retry' && again) return void act(id, again.action, again.body);
    const l = hooks.lang();
    if (action === 'resolve') {
      const comment = prompt(t(l, 'resolveComment'));
      if (comment?.trim()) void act(id, 'resolve', { comment });
    } else if (action === 'shelve') {
      const hours = Number(li.querySelector<HTMLSelectElement>('.shelve-h')?.value ?? 8);
      const reason = prompt(`${alertUi(l, 'shelveReason')} (${hours} h)`);
      if (reason?.trim()) void act(id, 'shelve', { reason, durationMs: hours * 3_600_000 });
    } else void act(id, action, {});
  });

  socket.on('alert', (a) => {
    alerts.set(a.id, a);
    errors.delete(a.id);
    changed();
  });
  socket.on('flood', (f) => {
    floods.set(f.plantId, f);
    changed();
  });
  socket.on('connect', () => void load());
  render();
  return {
    render,
    active: (p, d) => activeUnits.has(`${p}/${d}`),
    forDevice: (p, d) => open().filter((a) => a.plantId === p && a.deviceId === d),
    count: () => open().length,
  };
}

const RULES = {
  rule_class: 1,
  rule_drift_cusum: 1,
  rule_dq_gap: 1,
  rule_dq_silent: 1,
  rule_dq_stuck: 1,
  rule_dq_impossible: 1,
  rule_ledger_balance: 1,
};
