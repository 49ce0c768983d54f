import { sql } from 'kysely';
import type { StateDb } from './state-db.js';

/**
 * Runs `pass` unless another process sharing the PostgreSQL state store is running one under the same key (a
 * transaction-scoped advisory lock: released when the pass ends, or when its process dies); resolves with the pass's
 * result, or undefined when it was skipped. The embedded store belongs to one process: the pass always runs.
 */
export async function runAlone<T>(state: StateDb, key: number, pass: () => Promise<T>): Promise<T | undefined> {
  if (state.engine !== 'postgres') return pass();
  return state.db.transaction().execute(async (trx) => {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${key}) as ok`.execute(trx);
    return got.rows[0]?.ok ? pass() : undefined;
  });
}
