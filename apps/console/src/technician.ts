import {
  FAULT_TYPES,
  REJECT_REASONS,
  type DeadLetter,
  type DeadLetterPage,
  type DeviceSpec,
  type RotatedSecret,
  type SimStatus,
} from '#contracts';
import type { Lang } from './i18n.js';
import { pageLinks } from './nav.js';
import { tt, type TechKey } from './tech-labels.js';
import { DEFAULT_TZ, formatInZone } from './time.js';
import './style.css';
import './tech.css';

/**
 * The technicians' page, over the existing REST API: simulator runs with their progress (polled), scenarios and
 * replays started and stopped, faults injected and cleared, dead letters with their reasons and raw payloads,
 * devices provisioned and secrets rotated. Every action's answer (or refusal, with its reason) is shown in place.
 */
let lang: Lang = (localStorage.getItem('qw.lang') as Lang) || (navigator.language.startsWith('zh') ? 'zh' : 'en');
const host = document.getElementById('tech')!;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const L = (k: TechKey) => tt(lang, k);
let status: SimStatus | undefined;
let devices: DeviceSpec[] = [];
let letters: DeadLetter[] = [];
let nextCursor: number | undefined;
let reasonFilter = '';
let openLetter: number | undefined;
/** the answer to the last action per place: what it was (translated when shown) and its detail */
const notes = new Map<string, { ok: boolean; kind: 'done' | 'failed' | 'secretOnce'; detail: string }>();

async function call<T>(where: string, url: string, init?: RequestInit): Promise<T | undefined> {
  try {
    const res = await fetch(url, init);
    const body = (await res.json().catch(() => ({}))) as T & {
      message?: string | string[];
      reason?: string;
      error?: string;
    };
    if (!res.ok) {
      const msg = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? body.error ?? '');
      notes.set(where, { ok: false, kind: 'failed', detail: `${res.status} ${body.reason ?? ''} ${msg}`.trim() });
      return undefined;
    }
    notes.set(where, { ok: true, kind: 'done', detail: '' });
    return body;
  } catch (e) {
    notes.set(where, { ok: false, kind: 'failed', detail: (e as Error).message });
    return undefined;
  }
}
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const note = (where: string) => {
  const n = notes.get(where);
  return n
    ? `<p class="note" data-ok="${n.ok}" role="status">${esc(L(n.kind))}${n.detail ? `: ${esc(n.detail)}` : ''}</p>`
    : '';
};

async function refresh(): Promise<void> {
  const [s, f] = await Promise.all([
    fetch('/api/sim/runs').then((r) => (r.ok ? (r.json() as Promise<SimStatus>) : undefined)),
    fetch('/api/fleet').then((r) => (r.ok ? (r.json() as Promise<{ devices: DeviceSpec[] }>) : undefined)),
  ]).catch(() => [undefined, undefined] as const);
  status = s;
  devices = f?.devices ?? devices;
  render();
}

async function loadLetters(more = false): Promise<void> {
  const q = new URLSearchParams({ limit: '50' });
  if (reasonFilter) q.set('reason', reasonFilter);
  if (more && nextCursor !== undefined) q.set('cursor', String(nextCursor));
  const page = await call<DeadLetterPage>('letters', `/api/dead-letters?${q}`);
  if (page) {
    letters = more ? [...letters, ...page.items] : page.items;
    nextCursor = page.nextCursor;
  }
  render();
}

/** A payload as text when it is UTF-8, else as hex. */
function decode(b64: string): string {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  }
}

/** The page's frame and its forms: built again only on a language switch, so what a technician types is kept. */
function frame(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.getElementById('pages')!.innerHTML = pageLinks(lang, 'technician');
  document.getElementById('lang')!.textContent = L('switchLang');
  host.innerHTML = `
  <section class="panel" id="sim"><h2>${L('sim')}</h2>
    <p data-slot="demo"></p>
    <h3>${L('runs')}</h3><div data-slot="runs"></div><div data-slot="note:run"></div>
    <form id="scenario"><label>${L('startScenario')}<textarea name="doc" rows="5" spellcheck="false">{"name":"half hour","duration":"30m","step":"10s"}</textarea></label>
      <button type="submit">${L('start')}</button><div data-slot="note:scenario"></div></form>
    <form id="replay"><label>${L('replay')} <input type="file" name="file" accept=".ndjson,.jsonl,.csv" /></label>
      <label>${L('speed')} <select name="speed"><option>1</option><option>10</option><option>60</option><option value="max">max</option></select></label>
      <button type="submit">${L('upload')}</button><div data-slot="note:replay"></div></form>
  </section>
  <section class="panel" id="faults"><h2>${L('faults')}</h2>
    <form id="inject"><label>${L('device')} <select name="device" data-slot="devices"></select></label>
      <label>${L('type')} <select name="type">${Object.keys(FAULT_TYPES)
        .map((k) => `<option value="${k}" title="${esc(FAULT_TYPES[k as keyof typeof FAULT_TYPES])}">${k}</option>`)
        .join('')}</select></label>
      <label>${L('params')} <input name="params" value='{"drop":0.05}' /></label>
      <button type="submit">${L('inject')}</button></form>
    <div data-slot="note:inject"></div>
    <h3>${L('activeFaults')}</h3><div data-slot="faults"></div>
    <button type="button" id="clear-all">${L('clearAll')}</button><div data-slot="note:clear"></div>
  </section>
  <section class="panel" id="letters"><h2>${L('deadLetters')}</h2>
    <label><select id="reason"><option value="">${L('allReasons')}</option>${Object.keys(REJECT_REASONS)
      .map((r) => `<option${r === reasonFilter ? ' selected' : ''}>${r}</option>`)
      .join('')}</select></label>
    <div data-slot="note:letters"></div>
    <table><thead><tr><th>${L('received')}</th><th>${L('device')}</th><th>${L('reason')}</th><th>${L('detail')}</th></tr></thead><tbody data-slot="letters"></tbody></table>
    <div data-slot="older"></div>
  </section>
  <section class="panel" id="provision"><h2>${L('provisioning')}</h2>
    <form id="create"><label>${L('newDevice')}<textarea name="doc" rows="4" spellcheck="false">{"id":"pump-9","plantId":"bj-chem","class":"pump","name":"New pump","nameplate":{"ratedKw":37,"ratedFlow":200,"ratedHead":45}}</textarea></label>
      <button type="submit">${L('create')}</button><div data-slot="note:create"></div></form>
    <table><tbody data-slot="provision"></tbody></table>
  </section>`;
  render();
}

/** Writes a slot only when its markup changed (a select keeps its choice, a table its scroll). */
function slot(name: string, html: string): void {
  const el = host.querySelector<HTMLElement>(`[data-slot="${CSS.escape(name)}"]`);
  if (el && el.innerHTML !== html) el.innerHTML = html;
}

function render(): void {
  const when = (ts: number) => formatInZone(ts, lang, DEFAULT_TZ);
  const runs = status?.runs ?? [];
  const faults = status?.demo?.faults ?? [];
  slot(
    'demo',
    status?.demo ? `${L('demo')}: ${status.demo.devices} ${L('devices')} · MQTT ${status.mqttPort}` : L('demoOff'),
  );
  slot(
    'runs',
    runs.length
      ? `<table><thead><tr><th>id</th><th>${L('type')}</th><th>${L('state')}</th><th>${L('progress')}</th><th></th></tr></thead><tbody>
      ${runs
        .map(
          (
            r,
          ) => `<tr data-run="${esc(r.id)}"><td>${esc(r.name)}</td><td>${r.kind}</td><td class="rstate" data-state="${r.state}">${r.state}${r.error ? ` · ${esc(r.error)}` : ''}</td>
        <td class="mono">${esc(JSON.stringify(r.result ?? {}))}</td><td>${r.state === 'running' ? `<button type="button" data-stop="${esc(r.id)}">${L('stop')}</button>` : ''}</td></tr>`,
        )
        .join('')}
    </tbody></table>`
      : `<p class="muted">${L('noRuns')}</p>`,
  );
  slot(
    'devices',
    devices
      .map(
        (d) =>
          `<option value="${esc(d.plantId)}/${esc(d.id)}">${esc(d.plantId)}/${esc(d.id)} · ${esc(d.name)}</option>`,
      )
      .join(''),
  );
  slot(
    'faults',
    faults.length
      ? `<ul class="faults">${faults.map((f) => `<li data-fault="${esc(f.id)}">${esc(f.plant ?? '')}/${esc(f.device)} · ${f.type}${f.drop ? ` · drop ${f.drop}` : ''} <button type="button" data-clear="${esc(f.device)}">${L('clear')}</button></li>`).join('')}</ul>`
      : `<p class="muted">${L('none')}</p>`,
  );
  slot(
    'letters',
    letters
      .map(
        (
          d,
        ) => `<tr data-letter="${d.id}" class="${openLetter === d.id ? 'open' : ''}"><td>${esc(when(d.receivedAt))}</td><td>${esc(d.username ?? d.clientId)}</td><td title="${esc(REJECT_REASONS[d.reason] ?? '')}"><b>${d.reason}</b></td><td>${esc(d.detail)}</td></tr>
        ${openLetter === d.id ? `<tr class="payload"><td colspan="4"><div>${L('payload')} · ${esc(d.topic)}</div><pre>${esc(decode(d.payload))}</pre></td></tr>` : ''}`,
      )
      .join(''),
  );
  slot('older', nextCursor !== undefined ? `<button type="button" id="older">${L('older')}</button>` : '');
  slot(
    'provision',
    devices
      .map(
        (
          d,
        ) => `<tr data-device="${esc(d.plantId)}/${esc(d.id)}"><td>${esc(d.plantId)}/${esc(d.id)}</td><td>${esc(d.name)}</td><td>${d.class}</td>
      <td><button type="button" data-rotate="${esc(d.plantId)}/${esc(d.id)}">${L('rotate')}</button>${note(`rotate:${d.plantId}/${d.id}`)}</td></tr>`,
      )
      .join(''),
  );
  for (const where of ['run', 'scenario', 'replay', 'inject', 'clear', 'letters', 'create'])
    slot(`note:${where}`, note(where));
}

host.addEventListener('submit', (e) => {
  e.preventDefault();
  const form = e.target as HTMLFormElement;
  const data = new FormData(form);
  const parse = (where: string, text: string): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      notes.set(where, { ok: false, kind: 'failed', detail: `JSON ${(err as Error).message}` });
      render();
      return undefined;
    }
  };
  void (async () => {
    if (form.id === 'scenario') {
      const scenario = parse('scenario', String(data.get('doc')));
      if (scenario) await call('scenario', '/api/sim/scenarios', json({ scenario }));
    } else if (form.id === 'replay') {
      const file = data.get('file') as File | null;
      if (!file?.size) return;
      const type = file.name.endsWith('.csv') ? 'text/csv' : 'application/x-ndjson';
      await call('replay', `/api/sim/replays?speed=${encodeURIComponent(String(data.get('speed')))}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: file,
      });
    } else if (form.id === 'inject') {
      const [plant, device] = String(data.get('device')).split('/');
      const params = parse('inject', String(data.get('params') || '{}'));
      if (params)
        await call('inject', '/api/sim/faults', json({ fault: { ...params, type: data.get('type'), plant, device } }));
    } else if (form.id === 'create') {
      const doc = parse('create', String(data.get('doc')));
      const made = doc && (await call<{ credentials: RotatedSecret }>('create', '/api/fleet/devices', json(doc)));
      if (made)
        notes.set('create', {
          ok: true,
          kind: 'secretOnce',
          detail: `${made.credentials.username} · ${made.credentials.secret}`,
        });
    }
    await refresh();
  })();
});

host.addEventListener('click', (e) => {
  const el = e.target as HTMLElement;
  void (async () => {
    const stop = el.closest<HTMLElement>('[data-stop]')?.dataset.stop;
    const clear = el.closest<HTMLElement>('[data-clear]')?.dataset.clear;
    const rotate = el.closest<HTMLElement>('[data-rotate]')?.dataset.rotate;
    const letter = el.closest<HTMLElement>('[data-letter]')?.dataset.letter;
    if (stop) await call('run', `/api/sim/runs/${encodeURIComponent(stop)}/stop`, { method: 'POST' });
    else if (clear) await call('clear', `/api/sim/faults?device=${encodeURIComponent(clear)}`, { method: 'DELETE' });
    else if (el.id === 'clear-all') await call('clear', '/api/sim/faults', { method: 'DELETE' });
    else if (rotate) {
      const [p, d] = rotate.split('/');
      const r = await call<RotatedSecret>(
        `rotate:${rotate}`,
        `/api/fleet/plants/${encodeURIComponent(p)}/devices/${encodeURIComponent(d)}/secret`,
        json({}),
      );
      if (r) notes.set(`rotate:${rotate}`, { ok: true, kind: 'secretOnce', detail: r.secret });
    } else if (letter) {
      openLetter = openLetter === Number(letter) ? undefined : Number(letter);
      return render();
    } else if (el.id === 'older') return loadLetters(true);
    else return;
    await refresh();
  })();
});
host.addEventListener('change', (e) => {
  if ((e.target as HTMLElement).id === 'reason') {
    reasonFilter = (e.target as HTMLSelectElement).value;
    void loadLetters();
  }
});
document.getElementById('lang')!.addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('qw.lang', lang);
  frame();
});

frame();
void refresh();
void loadLetters();
// runs' progress and the demo's faults, polled; only the parts that changed are written, forms are left alone
setInterval(() => void refresh(), 2000);
