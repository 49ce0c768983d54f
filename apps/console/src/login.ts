import { CSRF_HEADER } from '#contracts';
import { isRole, landingFor, type Me } from './access.js';
import { currentLang, ta, type AuthKey } from './auth-labels.js';
import { readReason, retryAfterSeconds } from './auth-http.js';
import type { Lang } from './i18n.js';
import './style.css';
import './auth.css';

/**
 * The log-in page. Errors are named by the server's reason code (wrong credentials, too many attempts with the wait,
 * server unreachable); the password is sent once in the request body and is never shown, stored or put in a URL —
 * after a failed attempt its field is emptied.
 */
let lang: Lang = currentLang();
const params = new URLSearchParams(location.search);
const next = params.get('next');
const form = document.getElementById('login') as HTMLFormElement;
const username = document.getElementById('username') as HTMLInputElement;
const password = document.getElementById('password') as HTMLInputElement;
const submit = document.getElementById('submit') as HTMLButtonElement;
const error = document.getElementById('error')!;
const notice = document.getElementById('notice')!;
const langBtn = document.getElementById('lang') as HTMLButtonElement;
/** the shown error, kept as a key so a language switch re-words it */
let shown: { key: AuthKey; reason?: string; fill?: Record<string, string | number> } | undefined;
let blockedUntil = 0;
let countdown: ReturnType<typeof setInterval> | undefined;

function render(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document
    .querySelectorAll<HTMLElement>('[data-a]')
    .forEach((el) => (el.textContent = ta(lang, el.dataset.a as AuthKey)));
  langBtn.textContent = ta(lang, 'switchLang');
  langBtn.lang = lang === 'zh' ? 'en' : 'zh-CN';
  const note: AuthKey | undefined = params.has('out')
    ? 'loggedOut'
    : params.has('setup')
      ? 'setupDone'
      : next
        ? 'sessionEnded'
        : undefined;
  notice.hidden = !note;
  if (note) notice.textContent = ta(lang, note);
  if (submit.disabled && !blockedUntil) submit.textContent = ta(lang, 'loggingIn');
  showError();
}

function showError(): void {
  error.dataset.reason = shown?.reason ?? '';
  error.innerHTML = '';
  for (const input of [username, password]) input.removeAttribute('aria-invalid');
  if (!shown) return;
  const text = document.createElement('span');
  text.textContent = ta(lang, shown.key, shown.fill);
  error.append(text);
  if (shown.reason) {
    const code = document.createElement('small');
    code.className = 'reason';
    code.textContent = ` (${ta(lang, 'reasonCode')}: ${shown.reason})`;
    error.append(code);
  }
  if (shown.reason === 'BAD_CREDENTIALS' || shown.key === 'e_MISSING')
    for (const input of [username, password]) input.setAttribute('aria-invalid', 'true');
}

function fail(key: AuthKey, reason?: string, fill?: Record<string, string | number>): void {
  shown = { key, reason, fill };
  showError();
}

/** 429: the button stays off and the message counts down until the server accepts attempts again. */
function blockFor(seconds: number): void {
  blockedUntil = Date.now() + seconds * 1000;
  submit.disabled = true;
  submit.textContent = ta(lang, 'logIn');
  const tick = () => {
    const left = Math.ceil((blockedUntil - Date.now()) / 1000);
    if (left > 0) return fail('e_LOGIN_RATE_LIMITED', 'LOGIN_RATE_LIMITED', { s: left });
    clearInterval(countdown);
    blockedUntil = 0;
    submit.disabled = false;
    shown = undefined;
    showError();
  };
  clearInterval(countdown);
  countdown = setInterval(tick, 1000);
  tick();
}

async function logIn(): Promise<void> {
  if (!username.value.trim() || !password.value) {
    fail('e_MISSING');
    (username.value.trim() ? password : username).focus();
    return;
  }
  // the previous error goes, so the next one is announced afresh
  shown = undefined;
  showError();
  submit.disabled = true;
  submit.textContent = ta(lang, 'loggingIn');
  let res: Response | undefined;
  try {
    res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      credentials: 'same-origin',
      body: JSON.stringify({ username: username.value.trim(), password: password.value }),
    });
  } catch {
    res = undefined;
  }
  submit.disabled = false;
  submit.textContent = ta(lang, 'logIn');
  if (res?.ok) {
    const user = ((await res.json().catch(() => ({}))) as { user?: Me }).user;
    password.value = '';
    location.assign(landingFor(user && isRole(user.role) ? user.role : 'regulator', next));
    return;
  }
  password.value = '';
  if (!res || res.status === 502 || res.status === 503 || res.status === 504) {
    fail('e_UNREACHABLE', res ? String(res.status) : 'UNREACHABLE');
    submit.focus();
    return;
  }
  const reason = await readReason(res);
  if (res.status === 429) blockFor(retryAfterSeconds(res) ?? 60);
  else if (res.status === 401 && (reason === 'BAD_CREDENTIALS' || !reason))
    fail('e_BAD_CREDENTIALS', 'BAD_CREDENTIALS');
  else if (reason === 'ACCOUNT_DISABLED') fail('e_ACCOUNT_DISABLED', reason);
  else fail('e_SERVER', reason ?? String(res.status), { s: res.status });
  password.focus();
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!submit.disabled) void logIn();
});
langBtn.addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('qw.lang', lang);
  render();
});

/** Already signed in: straight on. A server without an administrator yet: the first-start page. */
async function first(): Promise<void> {
  const [me, setup] = await Promise.all([
    fetch('/api/auth/me', { credentials: 'same-origin' }).catch(() => undefined),
    fetch('/api/auth/setup', { credentials: 'same-origin' }).catch(() => undefined),
  ]);
  if (me?.ok) {
    const user = ((await me.json().catch(() => ({}))) as { user?: Me }).user;
    if (user && isRole(user.role)) return location.replace(landingFor(user.role, next));
  }
  if (setup?.ok && ((await setup.json().catch(() => ({}))) as { required?: boolean }).required)
    return location.replace('/setup.html');
  if (!me) fail('e_UNREACHABLE', 'UNREACHABLE');
}

render();
username.focus();
void first();
