import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A real qinwatt server process (the compiled build), on ephemeral loopback ports. */
export interface ServerProcess {
  proc: ChildProcess;
  httpUrl: string;
  mqttUrl: string;
  /** set when the server was started with QW_MQTTS_PORT / QW_MQTT_WS_PORT */
  mqttsUrl?: string;
  mqttWsUrl?: string;
  dataDir: string;
  logs: string[];
  /** an admin API token (created through the API at start): what every test calls the API with */
  token: string;
  /** fetch with the admin token: `api('/api/fleet')` or a full URL of this server */
  api(pathOrUrl: string, init?: RequestInit): Promise<Response>;
  /** signs in with a password and returns the session cookie's value (browser tests put it in their context) */
  login(username?: string, password?: string): Promise<string>;
  /** sends a signal and resolves with the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** the password of `admin` on every test server (QW_ADMIN_PASSWORD), unless a test gives its own */
export const TEST_ADMIN_PASSWORD = 'test-admin-password';

/** API tokens of the servers this test file started, by origin (apiFetch adds the right one) */
const tokens = new Map<string, string>();

/** the admin token of the test server at `url`, if this test file started it */
export const tokenFor = (url: string): string | undefined => tokens.get(new URL(url).origin);

/**
 * fetch with the bearer token of the test server the URL points at (a URL of any other host is fetched as is):
 * what test helpers that are handed a URL use.
 */
export function apiFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  const token = tokens.get(new URL(url).origin);
  if (!token) return fetch(url, init);
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  return fetch(url, { ...init, headers });
}

/** signs in with a password (as a browser does: the CSRF header) and returns the session cookie's value */
export async function loginCookie(httpUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-qinwatt-csrf': '1' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`log-in as ${username}: ${res.status} ${await res.text()}`);
  const cookie = /qw_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!cookie) throw new Error(`log-in as ${username}: no session cookie`);
  return cookie[1];
}

/** An account made by the admin through the API, and an API token of its own (what a person or integration uses). */
export async function createAccount(
  server: Pick<ServerProcess, 'api' | 'httpUrl'>,
  user: { username: string; role: 'admin' | 'operator' | 'technician' | 'regulator'; scope?: object },
): Promise<{ username: string; password: string; token: string }> {
  const password = `pw-${user.username}-${Math.random().toString(36).slice(2)}`;
  const made = await server.api('/api/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: user.username, scope: {}, ...user, password }),
  });
  if (made.status !== 201) throw new Error(`creating ${user.username}: ${made.status} ${await made.text()}`);
  const cookie = await loginCookie(server.httpUrl, user.username, password);
  const res = await fetch(`${server.httpUrl}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-qinwatt-csrf': '1', cookie: `qw_session=${cookie}` },
    body: JSON.stringify({ name: `${user.username}'s` }),
  });
  if (res.status !== 201) throw new Error(`token for ${user.username}: ${res.status} ${await res.text()}`);
  return { username: user.username, password, token: ((await res.json()) as { token: string }).token };
}

async function adminToken(httpUrl: string, password: string): Promise<string> {
  const cookie = await loginCookie(httpUrl, 'admin', password);
  const res = await fetch(`${httpUrl}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-qinwatt-csrf': '1', cookie: `qw_session=${cookie}` },
    body: JSON.stringify({ name: 'tests' }),
  });
  if (res.status !== 201) throw new Error(`creating the test token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** whether a process of these roles (QW_ROLES; all when unset) serves the API */
const servesApi = (roles = 'all'): boolean =>
  ['all', 'api'].some((r) =>
    roles
      .split(',')
      .map((x) => x.trim())
      .includes(r),
  );

export const SERVER_MAIN = join(process.cwd(), 'dist/apps/server/src/main.js');
export const TEST_FLEET = join(process.cwd(), 'test/fixtures/fleet.json');

export async function startServer(env: Record<string, string> = {}, timeoutMs = 20_000): Promise<ServerProcess> {
  const dataDir = env.QW_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'qw-test-'));
  const proc = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      QW_HTTP_PORT: '0',
      QW_MQTT_PORT: '0',
      QW_DATA_DIR: dataDir,
      QW_DEMO: 'false',
      QW_FLEET_FILE: TEST_FLEET,
      QW_LOG_LEVEL: 'info',
      QW_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  proc.stderr!.on('data', (b: Buffer) => logs.push(b.toString()));
  const ready = new Promise<{ httpUrl: string; mqttUrl: string; mqttsUrl?: string; mqttWsUrl?: string }>(
    (resolve, reject) => {
      let mqttUrl = '';
      const extra: { mqttsUrl?: string; mqttWsUrl?: string } = {};
      const timer = setTimeout(() => {
        // a server that never became ready must not outlive the test (it would keep jest from exiting)
        proc.kill('SIGKILL');
        reject(new Error(`server not ready:\n${logs.join('')}`));
      }, timeoutMs);
      exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited ${code}:\n${logs.join('')}`));
      });
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        logs.push(line);
        if (!line.startsWith('{')) return;
        const rec = JSON.parse(line) as { msg?: string; port?: number; url?: string };
        if (rec.msg === 'mqtt broker listening') mqttUrl = `mqtt://127.0.0.1:${rec.port}`;
        if (rec.msg === 'mqtts listening') extra.mqttsUrl = `mqtts://127.0.0.1:${rec.port}`;
        if (rec.msg === 'mqtt websocket listening') extra.mqttWsUrl = `ws://127.0.0.1:${rec.port}/mqtt`;
        if (rec.msg === 'qinwatt ready') {
          clearTimeout(timer);
          resolve({ httpUrl: rec.url!, mqttUrl, ...extra });
        }
      });
    },
  );
  const urls = await ready;
  const adminPassword = env.QW_ADMIN_PASSWORD ?? TEST_ADMIN_PASSWORD;
  // QW_ADMIN_PASSWORD '' is a first start: no administrator, and so no token, until the set-up creates one;
  // a process without the api role (QW_ROLES) serves its probes only, so no token is made through it
  const token =
    adminPassword && servesApi(env.QW_ROLES)
      ? await adminToken(urls.httpUrl, adminPassword).catch((e: Error) => {
          proc.kill('SIGKILL');
          throw e;
        })
      : '';
  if (token) tokens.set(new URL(urls.httpUrl).origin, token);
  return {
    proc,
    ...urls,
    dataDir,
    logs,
    token,
    api: (pathOrUrl, init) => apiFetch(new URL(pathOrUrl, urls.httpUrl), init),
    login: (username = 'admin', password = adminPassword) => loginCookie(urls.httpUrl, username, password),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill(signal);
      return exited;
    },
  };
}
