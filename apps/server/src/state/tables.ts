import type { Generated } from 'kysely';

/**
 * The relational state store's tables, as Kysely sees them. One interface per table; each capability adds its own
 * tables here and its migration in `migrations.ts`. Times are epoch milliseconds (bigint in PostgreSQL, integer in
 * SQLite: both read back as numbers); structured values are JSON text, so the same queries run on both engines.
 */
export interface StateTables {
  /** small facts about the store itself (its instance id, when it was created) */
  state_meta: StateMetaTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  auth_audit: AuthAuditTable;
}

export interface UsersTable {
  username: string;
  display_name: string;
  role: string;
  /** JSON of a Scope */
  scope: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session id the cookie carries */
  id_hash: string;
  username: string;
  created_at: number;
  last_seen_at: number;
  /** absolute end, whatever the activity */
  expires_at: number;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  owner: string;
  role: string;
  scope: string;
  /** SHA-256 (hex) of the token: tokens are 256-bit random, so a fast hash is enough (no guessing to slow down) */
  token_hash: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuthAuditTable {
  /** a random UUID (the same on both engines; the order is `at`) */
  id: string;
  at: number;
  actor: string;
  action: string;
  target: string;
}

export interface StateMetaTable {
  key: string;
  value: string;
  updated_at: number;
}

/** for tables with a serial key */
export type Serial = Generated<number>;
