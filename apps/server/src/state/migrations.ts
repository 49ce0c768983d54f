import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Versioned migrations, applied in the order of their names by Kysely's Migrator (which holds a lock table, so two
 * processes starting against one PostgreSQL apply each migration once). Never edit a migration that has shipped: add
 * the next one. Names: `NNNN-what`. Column types are the ones both engines read back alike (text, integer / bigint,
 * real / double precision); `epochMs` is an 8-byte integer in PostgreSQL.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-state-meta': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('state_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into state_meta (key, value, updated_at) values ('created_at', ${String(Date.now())}, ${Date.now()})`.execute(
        db,
      );
    },
  },
  '0002-accounts': {
    async up(db: Kysely<unknown>) {
      // people: a password is kept only as an scrypt hash (auth/passwords.ts); scope is JSON text
      await db.schema
        .createTable('users')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // a session is known by the SHA-256 of its random id: a copy of the table opens no session
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().references('users.username').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_username').on('sessions').column('username').execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull().references('users.username').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('last_used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      // who changed which account or token, as the server authenticated them
      await db.schema
        .createTable('auth_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
