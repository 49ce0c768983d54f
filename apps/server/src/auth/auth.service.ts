import { Inject, Injectable, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiTokenCreated, ApiTokenInfo, Role, Scope, User } from '#contracts';
import { CONFIG, LOGGER } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { AccountsStore, type StoredToken } from './accounts.store.js';
import { decoyHash, generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { Principal } from './principal.js';
import { realTimers, SocketExpiry, TIMERS, type ExpiryReason, type Timers } from './socket-expiry.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
/** `qw_` + 32 random bytes: recognisable in a leaked log or repository, 256 bits to guess */
const TOKEN_PREFIX = 'qw_';
/** a session's or token's last use is written at most this often (a read per request, not a write) */
const TOUCH_EVERY_MS = 60_000;
/**
 * A credential checked against the store is trusted for this long without asking it again (bench:front-door: the
 * store read is most of the guard's cost). Log-out, revocation and account changes clear it at once in this
 * process; another process sharing a PostgreSQL store sees them within this time.
 */
const CACHE_MS = 2_000;

/** Something that ended: every socket opened with it is disconnected (live gateway). */
export type Revocation = { sessionIdHashes: string[] } | { tokenIds: string[] } | { username: string };

const publicUser = (u: User): User => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  scope: u.scope,
});

/**
 * Accounts, sessions and API tokens. A session id is 32 random bytes the cookie carries; the store keeps its
 * SHA-256 only, with an idle and an absolute end. A token is likewise random and kept as a hash, scoped, revocable,
 * with its last use recorded.
 */
@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly revocationListeners: Array<(r: Revocation) => void> = [];
  /** by credential (session id hash, token hash): the principal, trusted from `at` until `until` */
  private readonly cache = new Map<string, { p: Principal; at: number; until: number }>();
  /** the one-time setup secret while no admin exists; consumed by POST /api/auth/setup */
  private setupSecret?: string;
  private readonly expiry: SocketExpiry;

  constructor(
    private readonly store: AccountsStore,
    private readonly fleet: FleetRegistry,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Optional() @Inject(TIMERS) timers: Timers = realTimers,
  ) {
    this.expiry = new SocketExpiry(
      timers,
      (p, now) => this.principalAgain(p, now),
      (e) => this.log.warn({ err: e.message }, "an open socket's credential could not be checked again"),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.adminPassword) await this.configuredAdmin();
    // the demo's people are hashed off the start-up path (five scrypt hashes): the box follows "ready" by a moment
    if (this.config.demo)
      this.demoUsers().catch((e: Error) => this.log.warn({ err: e.message }, 'demo accounts not created'));
    else if (!(await this.store.hasAdmin())) this.printSetupSecret();
  }

  onRevoke(fn: (r: Revocation) => void): void {
    this.revocationListeners.push(fn);
  }

  private revoked(r: Revocation): void {
    this.forget(r);
    for (const fn of this.revocationListeners) fn(r);
  }

  /** drops the cached credentials a revocation names (here, or in another process: live gateway) */
  forget(r: Revocation): void {
    for (const [k, e] of this.cache)
      if (
        'username' in r
          ? e.p.username === r.username
          : 'tokenIds' in r
            ? r.tokenIds.includes(e.p.credentialId)
            : r.sessionIdHashes.includes(e.p.credentialId)
      )
        this.cache.delete(k);
  }

  private cached(key: string, now: number): Principal | undefined {
    const e = this.cache.get(key);
    return e && now >= e.at && now < e.until ? e.p : undefined;
  }

  private remember(key: string, p: Principal, now: number, expiresAt: number | null): Principal {
    if (this.cache.size >= 10_000) this.cache.clear(); // bounded: a flood of credentials cannot grow it
    this.cache.set(key, { p, at: now, until: Math.min(now + CACHE_MS, expiresAt ?? Infinity) });
    return p;
  }

  private get idleMs(): number {
    return this.config.sessionIdleMinutes * 60_000;
  }

  /**
   * The user for a name and password (with `disabled` when an admin disabled it), or undefined; a missing user costs
   * the same time as a wrong password, and so does a disabled one: only the right password learns it is disabled.
   */
  async checkPassword(username: string, password: string): Promise<User | undefined> {
    const u = await this.store.user(username);
    const ok = await verifyPassword(password, u?.passwordHash ?? (await decoyHash()));
    return u && ok ? { ...publicUser(u), ...(u.disabled ? { disabled: u.disabled } : {}) } : undefined;
  }

  /** opens a session: the id for the cookie (never stored) */
  async openSession(username: string, now = Date.now()): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = now + this.config.sessionMaxHours * 3_600_000;
    await this.store.insertSession({ idHash: sha256(id), username, createdAt: now, lastSeenAt: now, expiresAt });
    return id;
  }

  async closeSession(id: string): Promise<void> {
    const idHash = sha256(id);
    await this.store.deleteSession(idHash);
    this.revoked({ sessionIdHashes: [idHash] });
  }

  /** the principal of a live session, or undefined (unknown, idle too long, past its absolute end) */
  async sessionPrincipal(id: string, now = Date.now()): Promise<Principal | undefined> {
    if (id.length > 100) return undefined;
    const hash = sha256(id);
    const hit = this.cached(hash, now);
    if (hit) return hit;
    const p = await this.storedSession(hash, now);
    return p && this.remember(hash, p, now, p.endsAt);
  }

  /** `use`: this is a request of the session's, which keeps it alive (a socket's check is not) */
  private async storedSession(hash: string, now: number, use = true): Promise<Principal | undefined> {
    const s = await this.store.session(hash);
    if (!s || s.user.disabled) return undefined;
    if (now - s.lastSeenAt > this.idleMs || now >= s.expiresAt) {
      await this.store.deleteSession(s.idHash);
      return undefined;
    }
    let lastSeenAt = s.lastSeenAt;
    if (use && now - s.lastSeenAt > TOUCH_EVERY_MS) await this.store.touchSession(s.idHash, (lastSeenAt = now));
    // the first moment it no longer holds: idle is "more than idleMs" since the last use, absolute is "at expiresAt"
    const endsAt = Math.min(lastSeenAt + this.idleMs + 1, s.expiresAt);
    return { ...publicUser(s.user), via: 'session', credentialId: s.idHash, endsAt };
  }

  /** an open socket's principal at its end: the session or token as the store has it now, or undefined */
  private async principalAgain(p: Principal, now: number): Promise<Principal | undefined> {
    if (p.via === 'session') return this.storedSession(p.credentialId, now, false);
    const t = await this.store.token(p.credentialId);
    const owner = t && (await this.store.user(t.owner));
    if (!t || !owner || owner.disabled || t.revokedAt !== null) return undefined;
    return t.expiresAt !== null && now >= t.expiresAt ? undefined : { ...p, endsAt: t.expiresAt };
  }

  /** ends a socket (told why) when its session or token ends while it is open; the answer stops watching */
  watchExpiry(p: Principal, ended: (reason: ExpiryReason) => void): () => void {
    return this.expiry.watch(p, ended);
  }

  async tokenPrincipal(token: string, now = Date.now()): Promise<Principal | undefined> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return undefined;
    const hash = sha256(token);
    const hit = this.cached(hash, now);
    if (hit) return hit;
    const t = await this.store.tokenByHash(hash);
    if (!t || t.user.disabled || t.revokedAt !== null || (t.expiresAt !== null && now >= t.expiresAt)) return undefined;
    if (t.lastUsedAt === null || now - t.lastUsedAt > TOUCH_EVERY_MS) await this.store.touchToken(t.id, now);
    const p: Principal = {
      username: t.owner,
      displayName: `${t.user.displayName} (token ${t.name})`,
      role: t.role,
      scope: t.scope,
      via: 'token',
      credentialId: t.id,
      endsAt: t.expiresAt,
    };
    return this.remember(hash, p, now, t.expiresAt);
  }

  async createToken(
    owner: string,
    spec: { name: string; role: Role; scope: Scope; expiresInDays?: number },
    now = Date.now(),
  ): Promise<ApiTokenCreated> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const info: StoredToken = {
      id: randomBytes(8).toString('hex'),
      name: spec.name,
      owner,
      role: spec.role,
      scope: spec.scope,
      createdAt: now,
      expiresAt: spec.expiresInDays ? now + spec.expiresInDays * 86_400_000 : null,
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.store.insertToken(info, sha256(token));
    await this.store.audit(owner, 'token.create', `${info.id} ${info.name} ${info.role}`, now);
    return { ...strip(info), token };
  }

  async tokens(owner?: string): Promise<ApiTokenInfo[]> {
    return (await this.store.tokens(owner)).map(strip);
  }

  token(id: string): Promise<StoredToken | undefined> {
    return this.store.token(id);
  }

  async revokeToken(actor: string, id: string, now = Date.now()): Promise<boolean> {
    const done = await this.store.revokeToken(id, now);
    if (done) {
      await this.store.audit(actor, 'token.revoke', id, now);
      this.revoked({ tokenIds: [id] });
    }
    return done;
  }

  /** a user's sessions and sockets end (password, role or scope changed; account deleted) */
  async endSessionsOf(username: string): Promise<void> {
    const hashes = await this.store.deleteSessionsOf(username);
    this.revoked({ sessionIdHashes: hashes });
    this.revoked({ username });
  }

  /**
   * Disables or enables an account (not the caller's own, not the last enabled admin). Disabling ends its sessions
   * and its sockets in every process; its API tokens are refused while it stays disabled and work again once it is
   * enabled (an integration's token is suspended with its owner, not revoked).
   */
  async setDisabled(
    actor: string,
    username: string,
    disabled: boolean,
    now = Date.now(),
  ): Promise<'done' | 'NOT_FOUND' | 'LAST_ADMIN' | 'SELF_DISABLE'> {
    if (disabled && actor === username) return 'SELF_DISABLE';
    const r = await this.store.setDisabled(username, disabled ? { at: now, by: actor } : null, now);
    if (r !== 'done') return r;
    if (disabled) await this.endSessionsOf(username);
    await this.store.audit(actor, disabled ? 'user.disable' : 'user.enable', username, now);
    return r;
  }

  /** no administrator yet: the one-time set-up secret is waiting to be used */
  get setupPending(): boolean {
    return this.setupSecret !== undefined;
  }

  /** POST /api/auth/setup: creates the first admin with the one-time secret, which it consumes */
  async setup(secret: string, username: string, password: string): Promise<'done' | 'SETUP_DONE' | 'SETUP_SECRET'> {
    if (!this.setupSecret || (await this.store.hasAdmin())) return 'SETUP_DONE';
    const a = Buffer.from(sha256(secret));
    const b = Buffer.from(sha256(this.setupSecret));
    if (!timingSafeEqual(a, b)) return 'SETUP_SECRET';
    this.setupSecret = undefined;
    const now = Date.now();
    await this.store.insertUser(
      { username, displayName: username, role: 'admin', scope: {}, passwordHash: await hashPassword(password) },
      now,
    );
    await this.store.audit(username, 'user.setup', username, now);
    return 'done';
  }

  /** adminPassword creates `admin` once; later starts leave the account (and any new password) alone */
  private async configuredAdmin(): Promise<void> {
    if (await this.store.user('admin')) return;
    const now = Date.now();
    const passwordHash = await hashPassword(this.config.adminPassword);
    const created = await this.store.insertUser(
      { username: 'admin', displayName: 'Administrator', role: 'admin', scope: {}, passwordHash },
      now,
    );
    if (!created) return;
    await this.store.audit('(configuration)', 'user.create', 'admin', now);
    this.log.info({ username: 'admin' }, 'administrator created from configuration (adminPassword)');
  }

  private printSetupSecret(): void {
    this.setupSecret = randomBytes(18).toString('base64url');
    // printed once, to the console of whoever started the platform; never logged to the structured log
    process.stderr.write(
      box([
        'qinwatt: no administrator yet. Create one with this one-time setup secret:',
        `  ${this.setupSecret}`,
        'POST /api/auth/setup {"secret": "…", "username": "…", "password": "…"}',
        'or start with QW_ADMIN_PASSWORD set.',
      ]),
    );
  }

  /** the demo's people, with fresh random passwords at every start, printed once */
  private async demoUsers(): Promise<void> {
    const plants = this.fleet.plants().map((p) => p.id);
    const people: Array<{ username: string; displayName: string; role: Role; scope: Scope }> = [
      { username: 'demo-admin', displayName: 'Demo administrator', role: 'admin', scope: {} },
      { username: 'demo-operator', displayName: 'Demo operator', role: 'operator', scope: { plants } },
      { username: 'demo-technician', displayName: 'Demo technician', role: 'technician', scope: { plants } },
      {
        username: 'demo-regulator',
        displayName: 'Shaanxi regulator',
        role: 'regulator',
        scope: { regions: ['610000'] },
      },
      { username: 'demo-xian', displayName: "Xi'an regulator", role: 'regulator', scope: { regions: ['610100'] } },
    ];
    const now = Date.now();
    const lines = ['qinwatt demo: these accounts exist until the next start (new passwords every start):'];
    await Promise.all(
      people.map(async (p) => {
        const password = generatePassword();
        await this.store.upsertUser({ ...p, passwordHash: await hashPassword(password) }, now);
        await this.store.deleteSessionsOf(p.username);
        lines.push(`  ${p.username.padEnd(16)} ${password}  (${p.role})`);
      }),
    );
    process.stderr.write(box(lines));
  }
}

const strip = (t: StoredToken): ApiTokenInfo => ({
  id: t.id,
  name: t.name,
  owner: t.owner,
  role: t.role,
  scope: t.scope,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
});

function box(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '─'.repeat(width + 2);
  return `┌${bar}┐\n${lines.map((l) => `│ ${l.padEnd(width)} │`).join('\n')}\n└${bar}┘\n`;
}
