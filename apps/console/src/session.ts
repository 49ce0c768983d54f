import { io, type Socket } from 'socket.io-client';
import { CSRF_HEADER, type ClientToServerEvents, type ServerToClientEvents } from '#contracts';
import { canOpen, homeOf, isRole, loginHref, pageAt, type Me } from './access.js';
import { mountAccount, showRefused, showUnreachable } from './account.js';

/**
 * The session every page of the console runs in. Importing this module (first, before the page's own code) holds
 * the page until GET /api/auth/me has answered: without a session the browser goes to the log-in page with a return
 * URL; a role that may not open the page is told so in place of the page; otherwise `me` is the signed-in person and
 * the page runs.
 *
 * From then on every request the page makes to its own origin goes through `api` (installed as `window.fetch`, so
 * that code written without knowing about sessions, and pages added later, get the same treatment): state-changing
 * requests carry the CSRF header the server demands of cookie-authenticated writes, and a 401 from any call — an
 * expired or revoked session — goes to the log-in page and back.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const nativeFetch = window.fetch.bind(window);

/** set once the person logs out: the session's end is then expected, not a reason to ask for a log-in */
let leaving = false;
const sockets: Socket[] = [];

/** The page goes to the log-in page and comes back here afterwards. */
export function toLogin(): void {
  if (leaving) return;
  leaving = true;
  location.assign(loginHref(location.pathname + location.search + location.hash));
}

/** `fetch` for this site's API: the CSRF header on writes, the session cookie, and a 401 back to the log-in page. */
export async function api(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const req = input instanceof Request ? input : undefined;
  const url = new URL(req ? req.url : String(input), location.href);
  if (url.origin !== location.origin) return nativeFetch(input, init);
  const method = (init.method ?? req?.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers ?? req?.headers);
  if (!SAFE_METHODS.has(method)) headers.set(CSRF_HEADER, '1');
  const res = await nativeFetch(input, { ...init, headers, credentials: 'same-origin' });
  // the log-in call's own 401 is a wrong password, not an ended session
  if (res.status === 401 && url.pathname !== '/api/auth/login') toLogin();
  return res;
}

/** socket.io with the session: the same-origin handshake carries the cookie; a refused handshake checks the session. */
/** `auth.view: 'summary'`: the operators' display, sent states and the shown devices' values (live-view.ts) */
export function openSocket(auth?: { view: 'summary' }): Socket<ServerToClientEvents, ClientToServerEvents> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    transports: ['websocket'],
    withCredentials: true,
    ...(auth ? { auth } : {}),
  });
  // a handshake the server refuses, or a socket it closes, may mean the session ended: /me tells (401 → log-in page)
  const check = () => void api('/api/auth/me').catch(() => undefined);
  socket.on('connect_error', check);
  // the session ran out while the page was open: the server says so and closes the socket
  socket.on('expired', () => toLogin());
  socket.on('disconnect', (why) => {
    if (why === 'io server disconnect') check();
  });
  sockets.push(socket);
  return socket;
}

/** Ends the session on the server and shows the log-in page. */
export async function logout(): Promise<void> {
  leaving = true;
  for (const s of sockets) s.disconnect();
  try {
    await api('/api/auth/logout', { method: 'POST' });
  } finally {
    location.assign('/login.html?out=1');
  }
}

const never = <T>() => new Promise<T>(() => undefined);

async function start(): Promise<Me> {
  window.fetch = api;
  let res: Response;
  try {
    res = await nativeFetch('/api/auth/me', { credentials: 'same-origin' });
  } catch {
    showUnreachable();
    return never();
  }
  if (res.status === 401) {
    toLogin();
    return never();
  }
  const body = res.ok ? ((await res.json().catch(() => undefined)) as { user?: Me } | undefined) : undefined;
  const user = body?.user;
  if (!user || !isRole(user.role)) {
    showUnreachable();
    return never();
  }
  document.documentElement.dataset.role = user.role;
  const page = pageAt(location.pathname);
  if (page && !canOpen(user.role, page)) {
    showRefused(user, homeOf(user.role), logout);
    return never();
  }
  mountAccount(user, logout);
  return user;
}

/** The signed-in person; a page's code runs only once this is known. */
export const me: Me = await start();
