import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider, type Migration } from 'kysely';
import type { StateTables } from './tables.js';
import { MIGRATIONS } from './migrations.js';

export type StateEngine = 'embedded' | 'postgres';

/**
 * The relational state store: people, tenancy, the fleet registry, alerts and their audit trail, dead letters, the
 * webhook outbox and reports' state. Telemetry is not here (TelemetryStore). One port, two engines: an embedded
 * SQLite file in the data directory (no set-up) and PostgreSQL for sites that run several qinwatt processes. The
 * repositories write their queries once with Kysely, which renders them for either engine.
 */
export abstract class StateDb {
  abstract readonly engine: StateEngine;
  abstract readonly db: Kysely<StateTables>;
  /** applies every pending migration; safe to call from several processes at once on PostgreSQL */
  abstract migrate(): Promise<void>;
  abstract close(): Promise<void>;
}

export interface StateDbOptions {
  engine: StateEngine;
  /** embedded: the directory that holds `state.db` */
  dataDir?: string;
  /** postgres: a connection string, postgres://user:pass@host:port/db */
  postgresUrl?: string;
  /** migrations to apply; the platform's own by default (tests pass a subset) */
  migrations?: Record<string, Migration>;
}

// int8 (bigint) columns hold epoch milliseconds, well inside 2^53: read them as numbers, as SQLite does
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

class KyselyStateDb extends StateDb {
  constructor(
    readonly engine: StateEngine,
    readonly db: Kysely<StateTables>,
    private readonly migrations: Record<string, Migration>,
  ) {
    super();
  }

  async migrate(): Promise<void> {
    const provider: MigrationProvider = { getMigrations: async () => this.migrations };
    const { error, results } = await new Migrator({ db: this.db, provider }).migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) {
      const cause = error instanceof Error ? error.message : String(error ?? '');
      throw new Error(`state store migration ${failed?.migrationName ?? ''} failed: ${cause}`.trim());
    }
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}

export function openStateDb(opts: StateDbOptions): StateDb {
  const migrations = opts.migrations ?? MIGRATIONS;
  if (opts.engine === 'postgres') {
    if (!opts.postgresUrl) throw new Error('state store postgres needs a connection string (postgresUrl)');
    const pool = new pg.Pool({ connectionString: opts.postgresUrl, max: 10 });
    // an idle client's error (server restart) must not end the process: the next query reconnects
    pool.on('error', () => undefined);
    return new KyselyStateDb('postgres', new Kysely({ dialect: new PostgresDialect({ pool }) }), migrations);
  }
  if (!opts.dataDir) throw new Error('embedded state store needs a data directory');
  mkdirSync(opts.dataDir, { recursive: true });
  const file = new Database(join(opts.dataDir, 'state.db'));
  // WAL with synchronous=FULL: a commit is on disk when it returns, and readers never block the writer
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  return new KyselyStateDb('embedded', new Kysely({ dialect: new SqliteDialect({ database: file }) }), migrations);
}
