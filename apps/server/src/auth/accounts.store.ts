import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { ApiTokenInfo, Role, Scope, User } from '#contracts';
import { StateDb } from '../state/state-db.js';
import type { ApiTokensTable, StateTables, UsersTable } from '../state/tables.js';

export interface StoredUser extends User {
  passwordHash: string;
}

export interface StoredSession {
  idHash: string;
  username: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface StoredToken extends ApiTokenInfo {
  revokedAt: number | null;
}

const toUser = (r: UsersTable): StoredUser => ({
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  scope: JSON.parse(r.scope) as Scope,
  passwordHash: r.password_hash,
  ...(r.disabled_at !== null ? { disabled: { at: r.disabled_at, by: r.disabled_by ?? '' } } : {}),
});

const toToken = (r: ApiTokensTable): StoredToken => ({
  id: r.id,
  name: r.name,
  owner: r.owner,
  role: r.role as Role,
  scope: JSON.parse(r.scope) as Scope,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/**
 * Whether an enabled admin other than `username` exists. The admins' rows are locked first, so on PostgreSQL two
 * changes that could each remove the last admin (disabling, demoting) run one after the other.
 */
async function anotherEnabledAdmin(tx: Transaction<StateTables>, username: string): Promise<boolean> {
  await tx
    .updateTable('users')
    .set({ updated_at: sql`updated_at` })
    .where('role', '=', 'admin')
    .execute();
  const another = await tx
    .selectFrom('users')
    .select('username')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('username', '!=', username)
    .executeTakeFirst();
  return another !== undefined;
}

/** Accounts, sessions, API tokens and their audit trail in the relational state store (tables of 0002-accounts). */
@Injectable()
export class AccountsStore {
  constructor(@Inject(StateDb) private readonly state: StateDb) {}

  private get db() {
    return this.state.db;
  }

  async users(): Promise<StoredUser[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
  }

  async user(username: string): Promise<StoredUser | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return r && toUser(r);
  }

  async hasAdmin(): Promise<boolean> {
    return !!(await this.db.selectFrom('users').select('username').where('role', '=', 'admin').executeTakeFirst());
  }

  /** false when the user name is taken */
  async insertUser(u: StoredUser, now: number): Promise<boolean> {
    const r = await this.db
      .insertInto('users')
      .values({
        username: u.username,
        display_name: u.displayName,
        role: u.role,
        scope: JSON.stringify(u.scope),
        password_hash: u.passwordHash,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** replaces an account outright (the demo's users get fresh passwords at every start) */
  async upsertUser(u: StoredUser, now: number): Promise<void> {
    const values = {
      display_name: u.displayName,
      role: u.role,
      scope: JSON.stringify(u.scope),
      password_hash: u.passwordHash,
      updated_at: now,
    };
    await this.db
      .insertInto('users')
      .values({ username: u.username, created_at: now, ...values })
      .onConflict((oc) => oc.column('username').doUpdateSet(values))
      .execute();
  }

  /** Changes an account; the last enabled admin keeps the admin role (anotherEnabledAdmin). */
  async updateUser(
    username: string,
    patch: Partial<Pick<StoredUser, 'displayName' | 'role' | 'scope' | 'passwordHash'>>,
    now: number,
  ): Promise<'done' | 'NOT_FOUND' | 'LAST_ADMIN'> {
    return this.db.transaction().execute(async (tx) => {
      if (patch.role !== undefined && patch.role !== 'admin' && !(await anotherEnabledAdmin(tx, username)))
        return 'LAST_ADMIN';
      const r = await tx
        .updateTable('users')
        .set({
          ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.scope !== undefined ? { scope: JSON.stringify(patch.scope) } : {}),
          ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
          updated_at: now,
        })
        .where('username', '=', username)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? 'done' : 'NOT_FOUND';
    });
  }

  /**
   * Disables (`by` an admin, `at` a time) or enables an account. The last enabled admin stays enabled: the admins'
   * rows are locked first, so on PostgreSQL two admins disabling each other at once run one after the other.
   */
  async setDisabled(
    username: string,
    disabled: { at: number; by: string } | null,
    now: number,
  ): Promise<'done' | 'NOT_FOUND' | 'LAST_ADMIN'> {
    return this.db.transaction().execute(async (tx) => {
      const u = await tx
        .selectFrom('users')
        .select(['role', 'disabled_at'])
        .where('username', '=', username)
        .executeTakeFirst();
      if (!u) return 'NOT_FOUND';
      if ((u.disabled_at !== null) === (disabled !== null)) return 'done';
      if (disabled && u.role === 'admin' && !(await anotherEnabledAdmin(tx, username))) return 'LAST_ADMIN';
      await tx
        .updateTable('users')
        .set({ disabled_at: disabled?.at ?? null, disabled_by: disabled?.by ?? null, updated_at: now })
        .where('username', '=', username)
        .execute();
      return 'done';
    });
  }

  async deleteUser(username: string): Promise<boolean> {
    // sessions and tokens go with their user (ON DELETE CASCADE); deleted explicitly too, for engines without FKs on
    await this.db.deleteFrom('sessions').where('username', '=', username).execute();
    await this.db.deleteFrom('api_tokens').where('owner', '=', username).execute();
    const r = await this.db.deleteFrom('users').where('username', '=', username).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  async insertSession(s: StoredSession): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: s.idHash,
        username: s.username,
        created_at: s.createdAt,
        last_seen_at: s.lastSeenAt,
        expires_at: s.expiresAt,
      })
      .execute();
  }

  async session(idHash: string): Promise<(StoredSession & { user: StoredUser }) | undefined> {
    const r = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.username', 'sessions.username')
      .selectAll('users')
      .select(['sessions.id_hash', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.created_at as s_created'])
      .where('sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    if (!r) return undefined;
    return {
      idHash: r.id_hash,
      username: r.username,
      createdAt: r.s_created,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      user: toUser(r),
    };
  }

  async touchSession(idHash: string, now: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  /** every session of a user (a password change or a role change ends them): their id hashes */
  async deleteSessionsOf(username: string): Promise<string[]> {
    const rows = await this.db.selectFrom('sessions').select('id_hash').where('username', '=', username).execute();
    await this.db.deleteFrom('sessions').where('username', '=', username).execute();
    return rows.map((r) => r.id_hash);
  }

  async deleteExpiredSessions(idleBefore: number, now: number): Promise<void> {
    await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('expires_at', '<=', now)]))
      .execute();
  }

  async insertToken(t: StoredToken, tokenHash: string): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        id: t.id,
        name: t.name,
        owner: t.owner,
        role: t.role,
        scope: JSON.stringify(t.scope),
        token_hash: tokenHash,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
  }

  async tokenByHash(tokenHash: string): Promise<(StoredToken & { user: StoredUser }) | undefined> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!r) return undefined;
    const user = await this.user(r.owner);
    return user && { ...toToken(r), user };
  }

  async tokens(owner?: string): Promise<StoredToken[]> {
    let q = this.db.selectFrom('api_tokens').selectAll().where('revoked_at', 'is', null);
    if (owner !== undefined) q = q.where('owner', '=', owner);
    return (await q.orderBy('created_at').execute()).map(toToken);
  }

  async token(id: string): Promise<StoredToken | undefined> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toToken(r);
  }

  async touchToken(id: string, now: number): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  async revokeToken(id: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async audit(actor: string, action: string, target: string, now: number): Promise<void> {
    await this.db.insertInto('auth_audit').values({ id: randomUUID(), at: now, actor, action, target }).execute();
  }

  async auditTrail(limit = 500): Promise<Array<{ at: number; actor: string; action: string; target: string }>> {
    return this.db
      .selectFrom('auth_audit')
      .select(['at', 'actor', 'action', 'target'])
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
  }
}
