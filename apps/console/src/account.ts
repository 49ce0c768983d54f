import { canOpen, PAGE_PATHS, pageAt, type Me } from './access.js';
import { currentLang, roleLabel, scopeText, ta } from './auth-labels.js';
import type { Lang } from './i18n.js';
import './auth.css';

/**
 * The role-aware part of every page's top bar, kept here so the pages need not know about roles: links to pages the
 * role may not open are taken out (whichever page drew them, and again whenever it redraws its bar, e.g. on a
 * language switch), the administrator gets the users-and-tokens page, and the signed-in person is shown with a
 * log-out button.
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ADMIN_LINK = { zh: '用户与令牌', en: 'Users & tokens' } as const;

export function mountAccount(user: Me, logout: () => Promise<void>): void {
  const bar = document.querySelector<HTMLElement>('.topbar');
  if (!bar) return;
  const box = document.createElement('div');
  box.className = 'account';
  box.id = 'account';
  const render = (lang: Lang) => {
    const admin =
      canOpen(user.role, 'admin') && pageAt(location.pathname) !== 'admin'
        ? `<a class="button navlink" href="${PAGE_PATHS.admin}" data-page="admin">${ADMIN_LINK[lang]}</a>`
        : '';
    box.innerHTML = `${admin}<span class="who" title="${esc(scopeText(lang, user.role, user.scope))}">
        <span class="sr-only">${ta(lang, 'account')}: </span>${esc(user.displayName || user.username)}</span>
      <span class="role-tag" data-role="${user.role}">${roleLabel(lang, user.role)}</span>
      <button type="button" class="logout" id="logout">${ta(lang, 'logOut')}</button>`;
  };
  render(currentLang());
  box.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('#logout');
    if (!b) return;
    b.disabled = true;
    void logout();
  });
  const status = bar.querySelector('.status') ?? bar;
  status.insertBefore(box, status.querySelector('#lang'));

  const prune = () => {
    for (const a of bar.querySelectorAll<HTMLAnchorElement>('a[href]')) {
      const page = new URL(a.href, location.href).origin === location.origin ? pageAt(a.pathname) : undefined;
      if (page && !canOpen(user.role, page)) a.remove();
    }
  };
  prune();
  // pages redraw their bar (links, language); the bar is re-checked then, before the browser paints
  new MutationObserver(prune).observe(bar, { childList: true, subtree: true });
  new MutationObserver(() => render(currentLang())).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['lang'],
  });
}

/** In place of a page the role may not open: what happened and the way to the role's own start page. */
export function showRefused(user: Me, home: string): void {
  const lang = currentLang();
  document.body.className = 'auth-page';
  document.body.innerHTML = `<main class="auth-card refused" data-refused="${user.role}">
    <h1>${ta(lang, 'refusedTitle')}</h1>
    <p>${ta(lang, 'refusedText', { r: roleLabel(lang, user.role) })}</p>
    <p><a class="button primary" href="${home}">${ta(lang, 'goHome')}</a></p>
  </main>`;
}

/** When /api/auth/me cannot be answered: the page cannot know who is asking, so it shows nothing but a retry. */
export function showUnreachable(): void {
  const lang = currentLang();
  document.body.className = 'auth-page';
  document.body.innerHTML = `<main class="auth-card" data-unreachable>
    <h1>${ta(lang, 'unreachableTitle')}</h1>
    <p role="alert">${ta(lang, 'e_UNREACHABLE')}</p>
    <p><button type="button" class="primary" id="retry">${ta(lang, 'retry')}</button></p>
  </main>`;
  document.getElementById('retry')!.addEventListener('click', () => location.reload());
}
