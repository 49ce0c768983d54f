import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Migration } from 'kysely';
import { openStateDb, type StateDb, type StateEngine } from '../../apps/server/src/state/state-db.js';
import { POSTGRES_URL, freshPostgresDatabase, requirePostgresInCi } from '../support/postgres.js';

/**
 * The state store's engines, for contract suites: every suite runs once per engine. The embedded one is always
 * there; PostgreSQL when the test server is (`npm test` starts it; in CI its absence fails).
 */
export interface StateEngineUnderTest {
  engine: StateEngine;
  /** a new, empty, migrated store; call again for a second process's view of the same store */
  open(opts?: { migrations?: Record<string, Migration>; same?: string }): Promise<{ state: StateDb; where: string }>;
}

export function stateEngines(what: string): StateEngineUnderTest[] {
  const engines: StateEngineUnderTest[] = [
    {
      engine: 'embedded',
      async open(opts = {}) {
        const where = opts.same ?? mkdtempSync(join(tmpdir(), 'qw-state-'));
        const state = openStateDb({ engine: 'embedded', dataDir: where, migrations: opts.migrations });
        await migrateOrClose(state);
        return { state, where };
      },
    },
  ];
  if (POSTGRES_URL || requirePostgresInCi(what))
    engines.push({
      engine: 'postgres',
      async open(opts = {}) {
        const where = opts.same ?? (await freshPostgresDatabase('qw_state'));
        const state = openStateDb({ engine: 'postgres', postgresUrl: where, migrations: opts.migrations });
        await migrateOrClose(state);
        return { state, where };
      },
    });
  return engines;
}

async function migrateOrClose(state: StateDb): Promise<void> {
  try {
    await state.migrate();
  } catch (e) {
    await state.close();
    throw e;
  }
}
