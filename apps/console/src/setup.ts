import { CSRF_HEADER, USERNAME } from '#contracts';
import { currentLang, ta, type AuthKey } from './auth-labels.js';
import { readReason } from './auth-http.js';
import type { Lang } from './i18n.js';
import './style.css';
import './auth.css';

/**
 * The first-start page: while no administrator exists the server printed a one-time secret in its log; with it the
 * first administrator is created here (POST /api/auth/setup), and the person logs in with the new account.
 */
/** the server's rule (NIST SP 800-63B §5.1.1.2) */
const MIN_PASSWORD = 8;
let lang: Lang = currentLang();
const form = document.getElementById('setup') as HTMLFormElement;
const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
const submit = document.getElementById('submit') as HTMLButtonElement;
const error = document.getElementById('error')!;
const langBtn = document.getElementById('lang') as HTMLButtonElement;
let shown: { key: AuthKey; reason?: string; field?: string; fill?: Record<string, number> } | undefined;

function render(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document
    .querySelectorAll<HTMLElement>('[data-a]')
    .forEach((el) => (el.textContent = ta(lang, el.dataset.a as AuthKey)));
  langBtn.textContent = ta(lang, 'switchLang');
  langBtn.lang = lang === 'zh' ? 'en' : 'zh-CN';
  form.querySelectorAll('input').forEach((i) => i.removeAttribute('aria-invalid'));
  error.dataset.reason = shown?.reason ?? '';
  error.textContent = shown
    ? ta(lang, shown.key, shown.fill) + (shown.reason ? ` (${ta(lang, 'reasonCode')}: ${shown.reason})` : '')
    : '';
  if (shown?.field) field(shown.field).setAttribute('aria-invalid', 'true');
}

function fail(key: AuthKey, reason?: string, fieldName?: string, fill?: Record<string, number>): void {
  shown = { key, reason, field: fieldName, fill };
  render();
  if (fieldName) field(fieldName).focus();
}

async function create(): Promise<void> {
  const [secret, username, password, confirm] = ['secret', 'username', 'password', 'confirm'].map(
    (n) => field(n).value,
  );
  const empty = ['secret', 'username', 'password'].find((n) => !field(n).value.trim());
  if (empty) return fail('e_SETUP_MISSING', undefined, empty);
  if (!USERNAME.test(username.trim())) return fail('e_USERNAME', undefined, 'username');
  if (password.length < MIN_PASSWORD) return fail('e_SHORT_PASSWORD', undefined, 'password');
  if (password !== confirm) return fail('e_MISMATCH', undefined, 'confirm');
  submit.disabled = true;
  let res: Response | undefined;
  try {
    res = await fetch('/api/auth/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      credentials: 'same-origin',
      body: JSON.stringify({
        secret: secret.trim(),
        username: username.trim(),
        password,
      }),
    });
  } catch {
    res = undefined;
  }
  submit.disabled = false;
  for (const n of ['secret', 'password', 'confirm']) field(n).value = '';
  if (res?.ok) return location.assign('/login.html?setup=1');
  if (!res || res.status >= 502) return fail('e_UNREACHABLE', res ? String(res.status) : 'UNREACHABLE');
  const reason = await readReason(res);
  if (res.status === 409 || reason === 'SETUP_DONE') return fail('e_SETUP_DONE', reason ?? 'SETUP_DONE');
  if (reason === 'SETUP_SECRET') return fail('e_SETUP_SECRET', reason, 'secret');
  return fail('e_SERVER', reason ?? String(res.status), undefined, { s: res.status });
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!submit.disabled) void create();
});
langBtn.addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('qw.lang', lang);
  render();
});
render();
field('secret').focus();
