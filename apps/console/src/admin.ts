import { me } from './session.js';
import { USERNAME, type ApiTokenCreated, type ApiTokenInfo, type PlantSpec, type User } from '#contracts';
import { ROLES, isRole, type Role } from './access.js';
import { tm, type AdminKey } from './admin-labels.js';
import { readScope, scopeFieldsHtml } from './admin-scope.js';
import { currentLang, roleLabel, scopeText } from './auth-labels.js';
import type { Lang } from './i18n.js';
import './style.css';

/**
 * The administrator's page: accounts (created with a generated password shown once, a role and a scope; a password
 * reset, again shown once; deleted) and API tokens for integrations (created — the token shown once —, listed, revoked).
 */
let lang: Lang = currentLang();
let users: User[] = [];
let tokens: ApiTokenInfo[] = [];
let plants: PlantSpec[] = [];
/** a secret shown once: it lives only in the page until dismissed, and is never put back after a reload */
let once: { kind: 'passwordOnce' | 'tokenOnce'; label: string; secret: string } | undefined;
const $ = (id: string) => document.getElementById(id)!;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const L = (k: AdminKey, u?: string) => tm(lang, k, u === undefined ? {} : { u });
const userForm = $('user-form') as HTMLFormElement;
const tokenForm = $('token-form') as HTMLFormElement;
const when = (v: number | null) =>
  v === null ? '—' : new Date(v).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });

function usersTable(): string {
  if (!users.length) return `<p class="muted">${L('none')}</p>`;
  const rows = users.map((u) => {
    const self = u.username === me.username;
    const off = u.disabled;
    const status = off ? L('disabledSince', `${when(off.at)}, ${off.by}`) : L('enabled');
    return `<tr data-user="${esc(u.username)}"${off ? ' class="disabled"' : ''}>
      <td>${esc(u.username)}${self ? L('you') : ''}</td><td>${esc(u.displayName ?? '')}</td>
      <td>${isRole(u.role) ? roleLabel(lang, u.role) : esc(String(u.role))}</td>
      <td>${esc(isRole(u.role) ? scopeText(lang, u.role, u.scope ?? {}) : '')}</td>
      <td data-status>${esc(status)}</td>
      <td class="actions">${
        self
          ? ''
          : `<button type="button" data-act="${off ? 'enable' : 'disable'}">${L(off ? 'enable' : 'disable')}</button>
             <button type="button" data-act="reset">${L('resetPassword')}</button>
             <button type="button" class="danger" data-act="delete">${L('delete')}</button>`
      }</td></tr>`;
  });
  return `<table class="admin-table"><thead><tr><th>${L('username')}</th><th>${L('displayName')}</th>
    <th>${L('role')}</th><th>${L('scope')}</th><th>${L('status')}</th><th></th></tr></thead>
    <tbody>${rows.join('')}</tbody></table>`;
}

function tokensTable(): string {
  if (!tokens.length) return `<p class="muted">${L('none')}</p>`;
  const rows = tokens.map(
    (t) => `<tr data-token="${esc(t.id)}"><td>${esc(t.name)}</td>
      <td>${isRole(t.role) ? roleLabel(lang, t.role) : esc(String(t.role))}</td>
      <td>${esc(isRole(t.role) ? scopeText(lang, t.role, t.scope ?? {}) : '')}</td>
      <td>${esc(t.owner)}</td><td>${when(t.createdAt)}</td>
      <td>${t.expiresAt ? when(t.expiresAt) : L('never')}</td><td>${when(t.lastUsedAt)}</td>
      <td class="actions"><button type="button" class="danger" data-act="revoke">${L('revoke')}</button></td></tr>`,
  );
  return `<table class="admin-table"><thead><tr><th>${L('tokenName')}</th><th>${L('role')}</th><th>${L('scope')}</th>
    <th>${L('createdBy')}</th><th>${L('created')}</th><th>${L('expires')}</th><th>${L('lastUsed')}</th><th></th></tr>
    </thead><tbody>${rows.join('')}</tbody></table>`;
}

function renderOnce(): void {
  const box = $('once');
  box.hidden = !once;
  if (!once) return void (box.innerHTML = '');
  box.dataset.kind = once.kind;
  box.innerHTML = `<span>${esc(L(once.kind, once.label))}</span>
    <code class="secret" id="once-secret">${esc(once.secret)}</code>
    <button type="button" id="copy">${L('copy')}</button>
    <button type="button" id="dismiss" class="primary">${L('dismiss')}</button>`;
}

function roleOptions(select: HTMLSelectElement): void {
  const chosen = select.value || 'operator';
  // operator is the default (and what a form reset returns to): an administrator is never made by accident
  select.innerHTML = ROLES.map(
    (r) => `<option value="${r}"${r === 'operator' ? ' selected' : ''}>${roleLabel(lang, r)}</option>`,
  ).join('');
  select.value = chosen;
}

function renderScope(form: HTMLFormElement): void {
  const role = (form.elements.namedItem('role') as HTMLSelectElement).value as Role;
  form.querySelector('[data-scope]')!.innerHTML = scopeFieldsHtml(lang, role, plants);
}

function render(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll<HTMLElement>('[data-m]').forEach((el) => (el.textContent = L(el.dataset.m as AdminKey)));
  $('lang').textContent = L('switchLang');
  $('users').innerHTML = usersTable();
  $('tokens').innerHTML = tokensTable();
  for (const form of [userForm, tokenForm]) {
    roleOptions(form.elements.namedItem('role') as HTMLSelectElement);
    renderScope(form);
  }
  renderOnce();
}

/** 18 random bytes (Web Crypto's CSPRNG) as 24 URL-safe characters: 144 bits, typed once by the person it is for */
function generatePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/** A refusal from the server, worded with its reason code and every problem it lists. */
async function refusal(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { reason?: string; message?: string | string[] };
  const msg = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? '');
  return `${L('failed')}: ${res.status}${body.reason ? ` ${body.reason}` : ''}${msg ? ` — ${msg}` : ''}`;
}

function problem(form: HTMLFormElement, text: string): void {
  form.querySelector('[data-problems]')!.textContent = text;
}

async function load(): Promise<void> {
  const [u, t, f] = await Promise.all([fetch('/api/users'), fetch('/api/auth/tokens'), fetch('/api/fleet')]);
  if (u.ok) users = await asList(u);
  if (t.ok) tokens = await asList(t);
  if (f.ok) plants = ((await f.json()) as { plants: PlantSpec[] }).plants;
  render();
}

/** Lists come as an array or as `{users}` / `{tokens}`; either is read. */
async function asList<T>(res: Response): Promise<T[]> {
  const body = (await res.json()) as T[] | Record<string, T[]>;
  return Array.isArray(body) ? body : (Object.values(body).find(Array.isArray) ?? []);
}

userForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void (async () => {
    const v = (n: string) => (userForm.elements.namedItem(n) as HTMLInputElement).value.trim();
    const role = v('role') as Role;
    if (!USERNAME.test(v('username'))) return problem(userForm, L('e_USERNAME'));
    const s = readScope(userForm, role, lang);
    if ('problem' in s) return problem(userForm, s.problem);
    const res = await fetch('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: v('username'),
        displayName: v('displayName') || v('username'),
        role,
        scope: s.scope,
      }),
    });
    if (!res.ok) return problem(userForm, await refusal(res));
    const body = (await res.json()) as { user: User; password?: string };
    if (body.password) once = { kind: 'passwordOnce', label: body.user.username, secret: body.password };
    userForm.reset();
    problem(userForm, '');
    await load();
  })();
});

tokenForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void (async () => {
    const v = (n: string) => (tokenForm.elements.namedItem(n) as HTMLInputElement).value.trim();
    const role = v('role') as Role;
    if (!v('name')) return problem(tokenForm, L('e_NAME'));
    const days = Number(v('expiresInDays'));
    if (!Number.isInteger(days) || days < 1 || days > 3650) return problem(tokenForm, L('e_DAYS'));
    const s = readScope(tokenForm, role, lang);
    if ('problem' in s) return problem(tokenForm, s.problem);
    const res = await fetch('/api/auth/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: v('name'), role, scope: s.scope, expiresInDays: days }),
    });
    if (!res.ok) return problem(tokenForm, await refusal(res));
    const body = (await res.json()) as ApiTokenCreated;
    once = { kind: 'tokenOnce', label: body.name, secret: body.token };
    tokenForm.reset();
    problem(tokenForm, '');
    await load();
  })();
});

for (const form of [userForm, tokenForm])
  form.addEventListener('change', (e) => {
    if ((e.target as HTMLElement).getAttribute('name') === 'role') renderScope(form);
  });

document.querySelector('main')!.addEventListener('click', (e) => {
  const el = e.target as HTMLElement;
  if (el.id === 'dismiss') {
    once = undefined;
    return renderOnce();
  }
  if (el.id === 'copy' && once) {
    void navigator.clipboard?.writeText(once.secret).then(() => (el.textContent = L('copied')));
    return;
  }
  const act = el.closest<HTMLButtonElement>('button[data-act]')?.dataset.act;
  const user = el.closest<HTMLElement>('[data-user]')?.dataset.user;
  const token = el.closest<HTMLElement>('[data-token]')?.dataset.token;
  void (async () => {
    let res: Response | undefined;
    const path = user && `/api/users/${encodeURIComponent(user)}`;
    if (path && user && act === 'reset') {
      const password = generatePassword();
      res = await fetch(path, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ password }),
      });
      if (res.ok) once = { kind: 'passwordOnce', label: user, secret: password };
    } else if (path && (act === 'enable' || (act === 'disable' && confirm(L('confirmDisable', user)))))
      res = await fetch(`${path}/disabled`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ disabled: act === 'disable' }),
      });
    else if (path && act === 'delete' && confirm(L('confirmDelete', user)))
      res = await fetch(path, { method: 'DELETE' });
    else if (
      token &&
      act === 'revoke' &&
      confirm(L('confirmRevoke', tokens.find((t) => t.id === token)?.name ?? token))
    )
      res = await fetch(`/api/auth/tokens/${encodeURIComponent(token)}`, { method: 'DELETE' });
    if (!res) return;
    if (!res.ok) return problem(user ? userForm : tokenForm, await refusal(res));
    await load();
  })();
});

$('lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('qw.lang', lang);
  render();
});
render();
void load();
