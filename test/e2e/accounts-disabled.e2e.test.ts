import { io, type Socket } from 'socket.io-client';
import type { User } from '#contracts';
import { openStateDb } from '../../apps/server/src/state/state-db.js';
import { freshPostgresDatabase, requirePostgresInCi } from '../support/postgres.js';
import { hasRedisServer, startRedis, type RedisServer } from '../support/redis.js';
import { createAccount, loginCookie, startServer, type ServerProcess } from '../support/server-process.js';

/**
 * Disabled accounts and the shared log-in limiter, across two api processes on one PostgreSQL and one Redis: what
 * an admin does through one process holds in the other at once.
 */
const runs = requirePostgresInCi('disabled accounts') && (hasRedisServer() || !!process.env.CI);

(runs ? describe : describe.skip)('accounts disabled, log-ins limited, across api processes', () => {
  let redis: RedisServer;
  let postgresUrl: string;
  let a: ServerProcess;
  let b: ServerProcess;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    postgresUrl = await freshPostgresDatabase('qw_disabled');
    const shared = {
      QW_STATE_STORE: 'postgres',
      QW_POSTGRES_URL: postgresUrl,
      QW_REDIS_URL: redis.url,
      QW_ROLES: 'api',
    };
    a = await startServer(shared);
    b = await startServer(shared);
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  const open = (s: ServerProcess, auth: { cookie?: string; token?: string }) => {
    const c = io(s.httpUrl, {
      transports: ['websocket'],
      reconnection: false,
      ...(auth.token ? { auth: { token: auth.token } } : {}),
      extraHeaders: auth.cookie ? { cookie: `qw_session=${auth.cookie}` } : {},
    });
    sockets.push(c);
    return new Promise<Socket>((resolve, reject) => {
      c.once('snapshot', () => resolve(c));
      c.once('connect_error', reject);
    });
  };
  const gone = (c: Socket) => new Promise<string>((resolve) => c.once('disconnect', resolve));
  const me = (s: ServerProcess, h: { cookie?: string; token?: string }) =>
    fetch(`${s.httpUrl}/api/auth/me`, {
      headers: h.token ? { authorization: `Bearer ${h.token}` } : { cookie: `qw_session=${h.cookie}` },
    }).then((r) => r.status);
  const login = (s: ServerProcess, username: string, password: string) =>
    fetch(`${s.httpUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-qinwatt-csrf': '1' },
      body: JSON.stringify({ username, password }),
    });
  const setDisabled = (s: ServerProcess, username: string, disabled: boolean, token = s.token) =>
    fetch(`${s.httpUrl}/api/users/${username}/disabled`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ disabled }),
    });

  it('a disabled account: no log-in, its sessions, tokens and sockets end at once in every process', async () => {
    const ops = await createAccount(a, { username: 'ops', role: 'operator' });
    const cookieB = await loginCookie(b.httpUrl, 'ops', ops.password);
    const sessionSocketB = await open(b, { cookie: cookieB });
    const tokenSocketA = await open(a, { token: ops.token });
    // both credentials were just checked in process B too (each process keeps them for 2 s)
    expect(await me(b, { token: ops.token })).toBe(200);
    expect(await me(b, { cookie: cookieB })).toBe(200);
    const endedB = gone(sessionSocketB);
    const endedA = gone(tokenSocketA);

    const before = Date.now();
    const res = await setDisabled(a, 'ops', true);
    expect(res.status).toBe(200);
    const { user } = (await res.json()) as { user: User };
    expect(user.disabled?.by).toBe('admin');
    expect(user.disabled!.at).toBeGreaterThanOrEqual(before);

    expect(await endedB).toBe('io server disconnect');
    expect(await endedA).toBe('io server disconnect');
    for (const s of [a, b]) {
      expect(await me(s, { cookie: cookieB })).toBe(401);
      expect(await me(s, { token: ops.token })).toBe(401);
    }
    await expect(open(b, { token: ops.token })).rejects.toThrow('UNAUTHENTICATED');

    // the right password learns the account is disabled; anyone else gets what a wrong password gets
    const right = await login(b, 'ops', ops.password);
    expect(right.status).toBe(403);
    expect(await right.json()).toMatchObject({ reason: 'ACCOUNT_DISABLED' });
    const wrong = await login(b, 'ops', 'not-the-password');
    const nobody = await login(b, 'nobody', 'not-the-password');
    expect([wrong.status, nobody.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await nobody.json());

    // the audit trail: who disabled it and when
    const state = openStateDb({ engine: 'postgres', postgresUrl });
    const rows = await state.db.selectFrom('auth_audit').selectAll().where('target', '=', 'ops').execute();
    await state.close();
    expect(rows.filter((r) => r.action === 'user.disable').map((r) => [r.actor, r.at])).toEqual([
      ['admin', user.disabled!.at],
    ]);
    // the users list shows it
    const list = (await (await b.api('/api/users')).json()) as User[];
    expect(list.find((u) => u.username === 'ops')?.disabled).toEqual(user.disabled);

    // enabled again: the password logs in and the token works again; the old session stays ended
    expect((await setDisabled(b, 'ops', false)).status).toBe(200);
    expect((await login(a, 'ops', ops.password)).status).toBe(200);
    expect(await me(a, { token: ops.token })).toBe(200);
    expect(await me(a, { cookie: cookieB })).toBe(401);
  });

  it('log-in failures count across processes: 5 per account, then 429 with Retry-After in either', async () => {
    await createAccount(a, { username: 'target', role: 'regulator' });
    for (let i = 0; i < 5; i++) expect((await login(i % 2 ? b : a, 'target', `wrong-${i}`)).status).toBe(401);
    for (const s of [a, b]) {
      const res = await login(s, 'target', 'wrong-again');
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(50);
      expect(await res.json()).toMatchObject({ reason: 'LOGIN_RATE_LIMITED' });
    }
  });
  it('the last enabled admin stays enabled, also when two admins disable each other at once', async () => {
    expect(await (await setDisabled(a, 'admin', true)).json()).toMatchObject({
      statusCode: 409,
      reason: 'SELF_DISABLE',
    });
    const second = await createAccount(a, { username: 'admin2', role: 'admin' });
    const [one, two] = await Promise.all([setDisabled(a, 'admin2', true), setDisabled(b, 'admin', true, second.token)]);
    // one wins; the other is refused LAST_ADMIN, or 401 when its own account was disabled before its turn
    const statuses = [one.status, two.status];
    expect(statuses.filter((x) => x === 200)).toHaveLength(1);
    const loser = one.status === 200 ? two : one;
    if (loser.status === 409) expect(await loser.json()).toMatchObject({ reason: 'LAST_ADMIN' });
    else expect(loser.status).toBe(401);
    const state = openStateDb({ engine: 'postgres', postgresUrl });
    const enabled = await state.db
      .selectFrom('users')
      .select('username')
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .execute();
    await state.close();
    expect(enabled).toHaveLength(1);
  });
});
