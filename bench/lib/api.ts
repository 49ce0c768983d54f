/**
 * The benchmark programs call the platform's API as an integration does: with an API token. The server they start
 * creates `admin` from this password (QW_ADMIN_PASSWORD); signIn logs in once and issues the token.
 */
export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';

const tokens = new Map<string, string>();
const sessions = new Map<string, string>();

/** the admin's session cookie value on a server this program started (a browser signs in with it) */
export const sessionFor = (url: string): string | undefined => sessions.get(new URL(url).origin);

export async function signIn(httpUrl: string): Promise<string> {
  const login = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-qinwatt-csrf': '1' },
    body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }),
  });
  const cookie = /qw_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error(`log-in to ${httpUrl}: HTTP ${login.status}`);
  sessions.set(new URL(httpUrl).origin, cookie);
  const res = await fetch(`${httpUrl}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-qinwatt-csrf': '1', cookie: `qw_session=${cookie}` },
    body: JSON.stringify({ name: 'bench' }),
  });
  if (res.status !== 201) throw new Error(`token from ${httpUrl}: HTTP ${res.status}`);
  const token = ((await res.json()) as { token: string }).token;
  tokens.set(new URL(httpUrl).origin, token);
  return token;
}

/** the token of a server this program started (undefined for any other URL) */
export const tokenFor = (url: string): string | undefined => tokens.get(new URL(url).origin);

/** fetch with the token of the server the URL points at; other URLs (InfluxDB, Node-RED) as they are */
export function apiFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  const token = tokenFor(String(url));
  if (!token) return fetch(url, init);
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(url, { ...init, headers });
}
