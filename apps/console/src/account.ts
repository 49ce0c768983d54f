import { canOpen, PAGE_PATHS, pageAt, pagesOf, type Me, type PageId } from './access.js';
import { currentLang, roleLabel, scopeText, ta } from './auth-labels.js';
import './auth.css';

/**
 * The role-aware part of every page's top bar, kept here so the pages need not know about roles: links to pages the
 * role may not open are taken out (whichever page drew them, and again whenever it redraws its bar, e.g. on a
 * language switch), the role's pages the bar does not link yet are added (the administrator's users-and-tokens page
 * among them), and the signed-in person is shown with a log-out button.
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** the pages' names in the top bar (as the operators' navigation names them) */
const PAGE_LABELS: Record<PageId, { zh: string; en: string }> = {
  console: { zh: '运行监视', en: 'Operations' },
  technician: { zh: '调试维护', en: 'Technicians' },
  ledger: { zh: '能源台账', en: 'Energy ledger' },
  regulator: { zh: '监管', en: 'Regulator' },
  admin: { zh: '用户与令牌', en: 'Users & tokens' },
};

export function mountAccount(user: Me, logout: () => Promise<void>): void {
  const bar = document.querySelector<HTMLElement>('.topbar');
  if (!bar) return;
  const here = pageAt(location.pathname);
  const box = document.createElement('div');
  box.className = 'account';
  box.id = 'account';
  let drawn = '';
  /** the role's pages the bar does not link yet, then who is signed in and the log-out button */
  const render = () => {
    const lang = currentLang();
    const linked = new Set(
      [...bar.querySelectorAll<HTMLAnchorElement>('a[href]')]
        .filter((a) => !box.contains(a))
        .map((a) => pageAt(a.pathname)),
    );
    const missing = pagesOf(user.role).filter((p) => p !== here && !linked.has(p));
    const key = `${lang} ${missing.join(' ')}`;
    if (key === drawn) return;
    drawn = key;
    const links = missing
      .map((p) => `<a class="button navlink" href="${PAGE_PATHS[p]}" data-page="${p}">${PAGE_LABELS[p][lang]}</a>`)
      .join('');
    box.innerHTML = `${links ? `<nav class="role-pages" aria-label="${ta(lang, 'pages')}">${links}</nav>` : ''}
      <span class="who" title="${esc(scopeText(lang, user.role, user.scope))}">
        <span class="sr-only">${ta(lang, 'account')}: </span>${esc(user.displayName || user.username)}</span>
      <span class="role-tag" data-role="${user.role}">${roleLabel(lang, user.role)}</span>
      <button type="button" class="logout" id="logout">${ta(lang, 'logOut')}</button>`;
  };
  box.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('#logout');
    if (!b) return;
    b.disabled = true;
    void logout();
  });
  const status = bar.querySelector('.status') ?? bar;
  status.insertBefore(box, status.querySelector('#lang'));

  /** links to pages the role may not open leave the bar; the role's other pages are linked */
  const sync = () => {
    for (const a of bar.querySelectorAll<HTMLAnchorElement>('a[href]')) {
      const page = new URL(a.href, location.href).origin === location.origin ? pageAt(a.pathname) : undefined;
      if (page && !canOpen(user.role, page)) a.remove();
    }
    render();
  };
  sync();
  // pages redraw their bar (links, language); it is checked again then, before the browser paints
  new MutationObserver(sync).observe(bar, { childList: true, subtree: true });
  new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

/** In place of a page the role may not open: what happened and the way to the role's own start page. */
export function showRefused(user: Me, home: string, logout: () => Promise<void>): void {
  const lang = currentLang();
  document.body.className = 'auth-page';
  document.body.innerHTML = `<main class="auth-card refused" data-refused="${user.role}">
    <div class="brand"><span class="logo">◆</span> qinwatt</div>
    <h1>${ta(lang, 'refusedTitle')}</h1>
    <p>${ta(lang, 'refusedText', { r: roleLabel(lang, user.role) })}</p>
    <p class="auth-actions"><a class="button primary" href="${home}">${ta(lang, 'goHome')}</a>
      <button type="button" id="logout">${ta(lang, 'logOut')}</button></p>
  </main>`;
  document.getElementById('logout')!.addEventListener('click', () => void logout());
}

/** When /api/auth/me cannot be answered: the page cannot know who is asking, so it shows nothing but a retry. */
export function showUnreachable(): void {
  const lang = currentLang();
  document.body.className = 'auth-page';
  document.body.innerHTML = `<main class="auth-card" data-unreachable>
    <div class="brand"><span class="logo">◆</span> qinwatt</div>
    <h1>${ta(lang, 'unreachableTitle')}</h1>
    <p role="alert">${ta(lang, 'e_UNREACHABLE')}</p>
    <p><button type="button" class="primary" id="retry">${ta(lang, 'retry')}</button></p>
  </main>`;
  document.getElementById('retry')!.addEventListener('click', () => location.reload());
}
