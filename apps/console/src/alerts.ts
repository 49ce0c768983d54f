import type { Socket } from 'socket.io-client';
import type { Alert, ClientToServerEvents, FloodEvent, ServerToClientEvents } from '#contracts';
import { t, type Lang, type UiKey } from './i18n.js';
import { can } from './access.js';
import { me } from './session.js';

const SHELVE_MS = 8 * 3_600_000;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ORDER = { high: 0, medium: 1, low: 2 } as const;

/**
 * The alerts panel: open, acknowledged and shelved alerts, highest priority first, with the operator's actions.
 * Live through socket.io `alert` / `flood`; the first list comes from REST.
 */
export function mountAlerts(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  lang: () => Lang,
): { render(): void } {
  const panel = document.createElement('section');
  panel.id = 'alerts';
  panel.className = 'alerts';
  document.getElementById('app')!.before(panel);
  const alerts = new Map<string, Alert>();
  const floods = new Map<string, FloodEvent>();

  async function load(): Promise<void> {
    const res = await fetch('/api/alerts?state=open,acknowledged,shelved');
    if (!res.ok) return;
    for (const a of (await res.json()) as Alert[]) alerts.set(a.id, a);
    render();
  }

  async function act(id: string, action: string, body: Record<string, unknown>): Promise<void> {
    const res = await fetch(`/api/alerts/${encodeURIComponent(id)}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.ok) {
      const a = (await res.json()) as Alert;
      alerts.set(a.id, a);
      render();
    }
  }

  function row(a: Alert, l: Lang): string {
    const flags = [
      a.flags.chattering ? `<span class="flag">${t(l, 'chattering')}</span>` : '',
      a.flags.stale ? `<span class="flag">${t(l, 'staleAlert')}</span>` : '',
      a.flags.unverifiedBaseline ? `<span class="flag unv">⚠ ${t(l, 'unverified')}</span>` : '',
    ].join('');
    const btn = (action: string, key: UiKey) => `<button type="button" data-action="${action}">${t(l, key)}</button>`;
    // only a role the server lets act on alerts is offered the buttons
    const buttons = !can(me.role, 'alerts.act')
      ? ''
      : [
          a.state === 'open' ? btn('acknowledge', 'acknowledge') : '',
          a.state === 'shelved' ? btn('unshelve', 'unshelve') : btn('shelve', 'shelve'),
          btn('resolve', 'resolve'),
        ].join('');
    const when = new Date(a.openedAt).toLocaleString(l === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
    return `<li class="alert pr-${a.priority}" data-alert="${esc(a.id)}" data-state="${a.state}">
      <span class="prio">${t(l, `pr_${a.priority}`)}</span>
      <div class="body"><div class="msg">${esc(a.message[l])}</div>
        <div class="meta"><span class="state">${t(l, `st_${a.state}`)}</span> · ${esc(when)} ${flags}</div></div>
      <div class="actions">${buttons}</div></li>`;
  }

  function render(): void {
    const l = lang();
    const open = [...alerts.values()]
      .filter((a) => a.state !== 'resolved')
      .sort((x, y) => ORDER[x.priority] - ORDER[y.priority] || y.openedAt - x.openedAt);
    const flooding = [...floods.values()].filter((f) => f.active);
    panel.innerHTML = `<h2>${t(l, 'alerts')} <span class="count">${open.length}</span></h2>
      ${flooding.map((f) => `<div class="flood">${t(l, 'flood')} · ${esc(f.plantId)} (${f.count})</div>`).join('')}
      ${open.length ? `<ul>${open.map((a) => row(a, l)).join('')}</ul>` : `<p class="none">${t(l, 'noAlerts')}</p>`}`;
  }

  panel.addEventListener('click', (ev) => {
    const b = (ev.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    const id = b?.closest<HTMLElement>('[data-alert]')?.dataset.alert;
    if (!b || !id) return;
    const action = b.dataset.action!;
    if (action === 'resolve') {
      const comment = prompt(t(lang(), 'resolveComment'));
      if (comment?.trim()) void act(id, 'resolve', { comment });
    } else if (action === 'shelve') {
      const reason = prompt(t(lang(), 'shelveReason'));
      if (reason?.trim()) void act(id, 'shelve', { reason, durationMs: SHELVE_MS });
    } else void act(id, action, {});
  });

  socket.on('alert', (a) => {
    alerts.set(a.id, a);
    render();
  });
  socket.on('flood', (f) => {
    floods.set(f.plantId, f);
    render();
  });
  socket.on('connect', () => void load());
  render();
  return { render };
}
