import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateDb, type StateDb } from '../state/state-db.js';
import type { AppConfig } from '../config/config.js';
import type { FleetRegistry } from '../fleet/fleet-registry.js';
import type { Logger } from '../logger.js';
import { AccountsStore } from './accounts.store.js';
import { AuthService, type Revocation } from './auth.service.js';

const HOUR = 3_600_000;
const config = { sessionIdleMinutes: 60, sessionMaxHours: 24, adminPassword: '', demo: false } as AppConfig;
const silent = { info: () => undefined, warn: () => undefined } as unknown as Logger;

describe('sessions and API tokens (embedded state store)', () => {
  let db: StateDb;
  let auth: AuthService;
  let store: AccountsStore;
  const revoked: Revocation[] = [];

  beforeAll(async () => {
    db = openStateDb({ engine: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'qw-auth-')) });
    await db.migrate();
    store = new AccountsStore(db);
    auth = new AuthService(store, { plants: () => [] } as unknown as FleetRegistry, config, silent);
    auth.onRevoke((r) => revoked.push(r));
    await store.insertUser(
      { username: 'ops', displayName: 'Ops', role: 'operator', scope: { plants: ['p1'] }, passwordHash: 'x' },
      0,
    );
  });
  afterAll(() => db.close());

  it('a session id is random, stored only as a hash, and ends after its idle time', async () => {
    const t0 = 1_000_000;
    const id = await auth.openSession('ops', t0);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await db.db.selectFrom('sessions').selectAll().execute();
    expect(rows.map((r) => r.id_hash)).not.toContain(id);
    expect(await auth.sessionPrincipal(id, t0 + 59 * 60_000)).toMatchObject({ username: 'ops', via: 'session' });
    // used at t0+59 min: idle counts from then
    expect(await auth.sessionPrincipal(id, t0 + 118 * 60_000)).toBeDefined();
    expect(await auth.sessionPrincipal(id, t0 + 180 * 60_000)).toBeUndefined();
    expect(await auth.sessionPrincipal(id, t0 + 1)).toBeUndefined(); // and it is gone for good
  });

  it('a session ends at its absolute limit however active, and at log-out (its sockets told)', async () => {
    const t0 = 5_000_000;
    const id = await auth.openSession('ops', t0);
    let t = t0;
    for (; t < t0 + 23 * HOUR; t += 50 * 60_000) expect(await auth.sessionPrincipal(id, t)).toBeDefined();
    expect(await auth.sessionPrincipal(id, t0 + 24 * HOUR)).toBeUndefined();
    const other = await auth.openSession('ops', t0);
    await auth.closeSession(other);
    expect(await auth.sessionPrincipal(other, t0 + 1)).toBeUndefined();
    expect(revoked.at(-1)).toEqual({ sessionIdHashes: [expect.stringMatching(/^[0-9a-f]{64}$/)] });
  });

  it('a token is shown once, kept as a hash, records its last use, and stops at revocation or expiry', async () => {
    const t0 = 9_000_000;
    const made = await auth.createToken('ops', { name: 'scada', role: 'operator', scope: { plants: ['p1'] } }, t0);
    expect(made.token).toMatch(/^qw_/);
    expect(JSON.stringify(await db.db.selectFrom('api_tokens').selectAll().execute())).not.toContain(made.token);
    expect(await auth.tokenPrincipal(made.token, t0 + 1000)).toMatchObject({ role: 'operator', via: 'token' });
    expect((await auth.tokens('ops'))[0].lastUsedAt).toBe(t0 + 1000);
    expect(await auth.tokenPrincipal(made.token.slice(0, -1) + 'x', t0)).toBeUndefined();
    expect(await auth.revokeToken('ops', made.id, t0 + 2000)).toBe(true);
    expect(await auth.tokenPrincipal(made.token, t0 + 3000)).toBeUndefined();
    expect(revoked.at(-1)).toEqual({ tokenIds: [made.id] });
    const short = await auth.createToken('ops', { name: 'x', role: 'operator', scope: {}, expiresInDays: 1 }, t0);
    expect(await auth.tokenPrincipal(short.token, t0 + 86_400_000 - 1)).toBeDefined();
    expect(await auth.tokenPrincipal(short.token, t0 + 86_400_000)).toBeUndefined();
    // every change is in the audit trail under the account that made it
    expect((await store.auditTrail()).map((a) => a.action)).toEqual(
      expect.arrayContaining(['token.create', 'token.revoke']),
    );
  });
});
