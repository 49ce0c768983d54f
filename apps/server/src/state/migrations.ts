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
  // numbered with room before it: the alerts, outbox and accounts migrations are written alongside
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
};
