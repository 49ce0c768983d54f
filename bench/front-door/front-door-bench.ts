/**
 * What the front door costs (issue 13): authorisation per HTTP request and per socket.io message, and log-in to a
 * console ready to show data. One run, one machine; read the same-run differences, not the absolute figures.
 *
 *   npm run bench:front-door -- [--seconds 3] [--rounds 3] [--concurrency 16] [--logins 10]
 *
 * 1. The guard in-process: AuthGuard.canActivate on a real state store (embedded SQLite) for a public route without
 *    credentials (what runs when no authentication is needed), with an API token and with a session cookie, plus
 *    the scope filter of a list; µs per call, the same request objects each time.
 * 2. Over HTTP against the built server: GET /health (a trivial handler) anonymous vs with a token vs with a cookie,
 *    rounds interleaved; requests/s and µs per request; the difference is authentication's share of a request.
 * 3. socket.io: the handshake's authentication and the per-`subscribe` scope check (µs, in-process); broadcasts
 *    (readings, kpis, alert, flood) go to per-plant rooms chosen at subscribe time and carry no check per message.
 * 3b. The log-in limiter's share of a log-in attempt: its check (one read of the account's and the address's rows in
 *    the state store every api process shares) and a failure (two upserts), on the embedded store and, with
 *    QW_BENCH_POSTGRES_URL, on PostgreSQL; beside one scrypt verification, which every attempt that is let through
 *    pays anyway.
 * 4. Log-in to console ready: POST /api/auth/login, GET /api/auth/me, socket.io handshake with the cookie, first
 *    `snapshot`: the median of several, against the same without the log-in (a token's handshake to snapshot).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import { io } from 'socket.io-client';
import { openStateDb } from '../../apps/server/src/state/state-db.js';
import { AccountsStore } from '../../apps/server/src/auth/accounts.store.js';
import { AuthService } from '../../apps/server/src/auth/auth.service.js';
import { AuthGuard } from '../../apps/server/src/auth/auth.guard.js';
import { LoginLimiter } from '../../apps/server/src/auth/login-limiter.js';
import { LoginFailuresStore } from '../../apps/server/src/auth/login-failures.store.js';
import { hashPassword, verifyPassword } from '../../apps/server/src/auth/passwords.js';
import { Access } from '../../apps/server/src/auth/access.js';
import { PUBLIC_KEY, ROLES_KEY } from '../../apps/server/src/auth/decorators.js';
import { FleetRegistry, loadFleetFile } from '../../apps/server/src/fleet/fleet-registry.js';
import type { AppConfig } from '../../apps/server/src/config/config.js';
import type { Logger } from '../../apps/server/src/logger.js';
import { startServer } from '../lib/server.js';
import { apiFetch, tokenFor } from '../lib/api.js';

const { values: o } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    logins: { type: 'string', default: '10' },
  },
});
const SECONDS = Number(o.seconds);
const ROUNDS = Number(o.rounds);
const CONCURRENCY = Number(o.concurrency);
const LOGINS = Number(o.logins);
const FLEET = join(process.cwd(), 'device-sim/fleets/demo.json');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number, d = 1) => n.toFixed(d);

async function inProcess(): Promise<Record<string, number>> {
  const db = openStateDb({ engine: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'qw-fd-')) });
  await db.migrate();
  const config = { sessionIdleMinutes: 480, sessionMaxHours: 168, allowedOrigins: '', demo: false } as AppConfig;
  const log = { info: () => undefined, warn: () => undefined } as unknown as Logger;
  const fleet = new FleetRegistry(loadFleetFile(FLEET));
  const store = new AccountsStore(db);
  const auth = new AuthService(store, fleet, config, log);
  const access = new Access(fleet);
  const guard = new AuthGuard(new Reflector(), auth, access, config);
  await store.insertUser(
    { username: 'op', displayName: 'op', role: 'operator', scope: { plants: ['xa-cement'] }, passwordHash: 'x' },
    Date.now(),
  );
  const sid = await auth.openSession('op');
  const { token } = await auth.createToken('op', { name: 'b', role: 'operator', scope: { plants: ['xa-cement'] } });
  const publicRoute = () => undefined;
  const anyRoute = () => undefined;
  Reflect.defineMetadata(PUBLIC_KEY, true, publicRoute);
  Reflect.defineMetadata(ROLES_KEY, ['operator', 'technician', 'regulator'], anyRoute);
  const ctx = (handler: () => void, headers: Record<string, string>): ExecutionContext =>
    ({
      getType: () => 'http',
      getHandler: () => handler,
      getClass: () => Object,
      switchToHttp: () => ({ getRequest: () => ({ method: 'GET', headers, params: {}, query: {} }) }),
    }) as unknown as ExecutionContext;
  const time = async (fn: () => Promise<unknown> | unknown, n: number): Promise<number> => {
    for (let i = 0; i < Math.min(200, n); i++) await fn();
    const t = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return ((performance.now() - t) * 1000) / n;
  };
  const N = 5000;
  const devices = fleet.devices();
  const p = (await auth.tokenPrincipal(token))!;
  const r = {
    'guard, public route, no credentials': await time(() => guard.canActivate(ctx(publicRoute, {})), N),
    'guard, API token': await time(() => guard.canActivate(ctx(anyRoute, { authorization: `Bearer ${token}` })), N),
    'guard, session cookie': await time(() => guard.canActivate(ctx(anyRoute, { cookie: `qw_session=${sid}` })), N),
    [`scope filter of a ${devices.length}-device list`]: await time(
      () => access.filter(p, devices, (d) => d.plantId),
      N,
    ),
    'socket handshake authentication (token)': await time(() => auth.tokenPrincipal(token), N),
    'socket subscribe scope check (one plant)': await time(() => access.plant(p, 'xa-cement'), N * 20),
  };
  await db.close();
  return r;
}

/** µs per log-in limiter check and per recorded failure, per engine; and one scrypt verification */
async function limiterCost(): Promise<Record<string, number>> {
  const engines: Array<[string, ReturnType<typeof openStateDb>]> = [
    ['embedded', openStateDb({ engine: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'qw-fd-')) })],
  ];
  const pgUrl = process.env.QW_BENCH_POSTGRES_URL;
  if (pgUrl) engines.push(['PostgreSQL', openStateDb({ engine: 'postgres', postgresUrl: pgUrl })]);
  const r: Record<string, number> = {};
  const N = 2000;
  for (const [name, db] of engines) {
    await db.migrate();
    const limiter = new LoginLimiter(new LoginFailuresStore(db));
    // names and addresses sprayed: most attempts find and write rows of their own
    const who = (i: number) => [`user${i % 1000}`, `10.0.${i % 250}.${i % 7}`] as const;
    let t = performance.now();
    for (let i = 0; i < N; i++) await limiter.fail(...who(i), Date.now());
    r[`log-in limiter, a failure recorded (${name})`] = ((performance.now() - t) * 1000) / N;
    t = performance.now();
    for (let i = 0; i < N; i++) await limiter.waitMs(...who(i), Date.now());
    r[`log-in limiter, an attempt checked (${name})`] = ((performance.now() - t) * 1000) / N;
    await db.close();
  }
  const hash = await hashPassword('a password of some length');
  const t = performance.now();
  for (let i = 0; i < 5; i++) await verifyPassword('a wrong password', hash);
  r['one scrypt verification (every attempt let through)'] = ((performance.now() - t) * 1000) / 5;
  return r;
}

/** CONCURRENCY loops of GET for SECONDS: requests per second */
async function load(url: string, headers: Record<string, string>): Promise<number> {
  const end = performance.now() + SECONDS * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
        n++;
      }
    }),
  );
  return n / SECONDS;
}

async function main(): Promise<void> {
  const guard = await inProcess();
  process.stdout.write('\nIn-process (µs per call, 5,000 calls after warm-up):\n');
  for (const [k, v] of Object.entries(guard)) process.stdout.write(`  ${k.padEnd(44)} ${fmt(v, 2)} µs\n`);
  process.stdout.write('\nLog-in limiter (µs per call, 2,000 calls; scrypt: 5):\n');
  for (const [k, v] of Object.entries(await limiterCost())) process.stdout.write(`  ${k.padEnd(52)} ${fmt(v, 1)} µs\n`);

  const server = await startServer({ QW_FLEET_FILE: FLEET });
  try {
    const token = tokenFor(server.httpUrl)!;
    const made = await apiFetch(`${server.httpUrl}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'bench-op',
        displayName: 'op',
        role: 'operator',
        scope: { plants: ['xa-cement'] },
      }),
    });
    const { password } = (await made.json()) as { password: string };
    const login = async () => {
      const res = await fetch(`${server.httpUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-qinwatt-csrf': '1' },
        body: JSON.stringify({ username: 'bench-op', password }),
      });
      return /qw_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
    };
    const cookie = await login();
    const kinds: Record<string, Record<string, string>> = {
      anonymous: {},
      'API token': { authorization: `Bearer ${token}` },
      'session cookie': { cookie: `qw_session=${cookie}` },
    };
    const rps: Record<string, number[]> = { anonymous: [], 'API token': [], 'session cookie': [] };
    for (let r = 0; r < ROUNDS; r++)
      for (const [k, h] of Object.entries(kinds)) rps[k].push(await load(`${server.httpUrl}/health`, h));
    process.stdout.write(
      `\nHTTP GET /health, ${CONCURRENCY} concurrent, ${ROUNDS}×${SECONDS} s interleaved (median):\n`,
    );
    const base = median(rps.anonymous);
    for (const [k, xs] of Object.entries(rps)) {
      const m = median(xs);
      const extra =
        k === 'anonymous'
          ? ''
          : `  (+${fmt(1e6 / m - 1e6 / base)} µs, ${fmt((100 * (base - m)) / base)} % fewer req/s)`;
      process.stdout.write(
        `  ${k.padEnd(16)} ${fmt(m, 0).padStart(7)} req/s  ${fmt(1e6 / m).padStart(7)} µs/req${extra}\n`,
      );
    }

    const ready = async (auth: { token?: string; cookie?: string }): Promise<number> => {
      const s = io(server.httpUrl, {
        transports: ['websocket'],
        reconnection: false,
        ...(auth.token ? { auth: { token: auth.token } } : {}),
        extraHeaders: auth.cookie ? { cookie: `qw_session=${auth.cookie}` } : {},
      });
      await new Promise((resolve, reject) => {
        s.once('snapshot', resolve);
        s.once('connect_error', reject);
      });
      s.disconnect();
      return 0;
    };
    const withLogin: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < LOGINS; i++) {
      let t = performance.now();
      const c = await login();
      await fetch(`${server.httpUrl}/api/auth/me`, { headers: { cookie: `qw_session=${c}` } });
      await ready({ cookie: c });
      withLogin.push(performance.now() - t);
      t = performance.now();
      await ready({ token });
      without.push(performance.now() - t);
    }
    process.stdout.write(`\nLog-in to console ready (median of ${LOGINS}):\n`);
    process.stdout.write(`  log-in + me + socket handshake + snapshot  ${fmt(median(withLogin))} ms\n`);
    process.stdout.write(`  socket handshake + snapshot (token)        ${fmt(median(without))} ms\n`);
  } finally {
    await server.stop();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(1);
});
