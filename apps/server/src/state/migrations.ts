import {
  PostgresAdapter,
  sql,
  type ColumnDataType,
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
} from 'kysely';

/** an auto-numbered primary key: `integer primary key` in SQLite (the row id), `bigserial` in PostgreSQL */
function serial(db: Kysely<unknown>): { type: ColumnDataType; autoIncrement: boolean } {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? { type: 'bigserial', autoIncrement: false }
    : { type: 'integer', autoIncrement: true };
}

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
  '0002-alerts-dead-letters-outbox-fleet': {
    async up(db: Kysely<unknown>) {
      const s = serial(db);
      const key = (c: ColumnDefinitionBuilder) => {
        const k = c.primaryKey();
        return s.autoIncrement ? k.autoIncrement() : k;
      };
      await db.schema
        .createTable('state_counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('plant_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('doc', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alerts_by_plant').on('alerts').columns(['plant_id', 'device_id']).execute();
      await db.schema
        .createTable('alert_floods')
        .addColumn('seq', s.type, key)
        .addColumn('plant_id', 'text', (c) => c.notNull())
        .addColumn('doc', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('detection_state')
        .addColumn('device_key', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('dead_letters')
        .addColumn('id', s.type, key)
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('plant_id', 'text')
        .addColumn('device_id', 'text')
        .addColumn('doc', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('webhook_outbox')
        .addColumn('seq', s.type, key)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('subscriber_id', 'text', (c) => c.notNull())
        .addColumn('envelope', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('dead', 'integer', (c) => c.notNull())
        .addColumn('lease_until', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_outbox_queue')
        .on('webhook_outbox')
        .columns(['dead', 'subscriber_id', 'seq'])
        .execute();
      await db.schema
        .createTable('fleet_devices')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('spec', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('fleet_credentials')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0003-accounts': {
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
  '0004-provincial-export-log': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('export_deliveries')
        .addColumn('delivery_id', 'text', (c) => c.primaryKey())
        .addColumn('subscriber_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('enterprise', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('codec', 'text', (c) => c.notNull())
        .addColumn('queued_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('http_status', 'integer')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('delivered_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('export_deliveries_target')
        .on('export_deliveries')
        .columns(['subscriber_id', 'enterprise', 'kind', 'period'])
        .execute();
      await db.schema.createIndex('export_deliveries_queued').on('export_deliveries').column('queued_at').execute();
    },
  },
  '0005-partition-checkpoints': {
    async up(db: Kysely<unknown>) {
      // scale-out mode: what the owner of a plant partition has judged (ownership/checkpoints.ts)
      await db.schema
        .createTable('partition_checkpoints')
        .addColumn('partition', 'integer', (c) => c.primaryKey())
        .addColumn('last_id', 'text', (c) => c.notNull())
        .addColumn('states', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0006-ledger-entries-and-reports': {
    async up(db: Kysely<unknown>) {
      // the ledger's append-only entry log (ledger/ledger-log.ts): seq is given under a lock, so it has no gaps
      await db.schema
        .createTable('ledger_entries')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('plant_id', 'text')
        .addColumn('by', 'text', (c) => c.notNull())
        .addColumn('doc', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ledger_entries_plant').on('ledger_entries').columns(['plant_id', 'seq']).execute();
      // the monthly reports issued (ledger/report/report-store.ts), with their bytes
      const pg = db.getExecutor().adapter instanceof PostgresAdapter;
      await db.schema
        .createTable('ledger_reports')
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('generated_at', 'bigint', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('body', pg ? 'bytea' : 'blob', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_reports_pk', ['level', 'subject_id', 'month', 'lang', 'format'])
        .execute();
      await db.schema.createIndex('ledger_reports_month').on('ledger_reports').column('month').execute();
    },
  },
  '0007-accounts-disabled-login-failures': {
    async up(db: Kysely<unknown>) {
      // an account an admin disabled: no log-in, no session, no token (auth/users.controller.ts); null when enabled
      await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute();
      await db.schema.alterTable('users').addColumn('disabled_by', 'text').execute();
      // failed log-ins per account and per address, shared by every process (auth/login-limiter.ts): one row per
      // key, the time its bucket is full again (GCRA); a row past that time says nothing and is pruned
      await db.schema
        .createTable('login_failures')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('full_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_failures_full_at').on('login_failures').column('full_at').execute();
    },
  },
};
