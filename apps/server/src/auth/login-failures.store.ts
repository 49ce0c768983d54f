import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { StateDb } from '../state/state-db.js';
import type { FailureCounts } from './login-limiter.js';

/** rows kept at most: past it the ones forgiven soonest go first (a spray of names or addresses cannot grow it) */
export const MAX_LOGIN_FAILURE_ROWS = 100_000;
/** forgiven rows are deleted at most this often per process */
const PRUNE_EVERY_MS = 30_000;

/**
 * Failed log-ins in the relational state store (table login_failures, migration 0007): every api process reads and
 * writes the same rows, so several processes allow together what one does. A failure is one upsert whose new times
 * are computed by the database from the rows it locks (`failedAt` of login-limiter.ts), so two processes
 * failing the same key at once both count. Growth is bounded twice: a row whose time has passed is forgiven and
 * pruned (an account's lives at most 5 min after its last failure, an address's 5 min), and past
 * MAX_LOGIN_FAILURE_ROWS the soonest forgiven go first.
 */
@Injectable()
export class LoginFailuresStore implements FailureCounts {
  private prunedAt = 0;

  constructor(@Inject(StateDb) private readonly state: StateDb) {}

  async fullAt(keys: string[]): Promise<Map<string, number>> {
    const rows = await this.state.db
      .selectFrom('login_failures')
      .select(['key', 'full_at'])
      .where('key', 'in', keys)
      .execute();
    return new Map(rows.map((r) => [r.key, r.full_at]));
  }

  async fail(failures: Array<{ key: string; refillMs: number }>, now: number): Promise<void> {
    // one statement for every key: one commit (one fsync on the embedded engine) and no lock held across an await;
    // a new row's time is now + its interval, so `excluded.full_at - now` is the interval of an existing one
    await this.state.db
      .insertInto('login_failures')
      .values(failures.map((f) => ({ key: f.key, full_at: now + f.refillMs })))
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          full_at: sql<number>`case when login_failures.full_at > ${now} then login_failures.full_at + (excluded.full_at - ${now}) else excluded.full_at end`,
        }),
      )
      .execute();
    if (now - this.prunedAt >= PRUNE_EVERY_MS) await this.prune(now);
  }

  /** deletes the forgiven rows, then the soonest forgiven beyond the cap */
  async prune(now: number, max = MAX_LOGIN_FAILURE_ROWS): Promise<void> {
    this.prunedAt = now;
    const db = this.state.db;
    await db.deleteFrom('login_failures').where('full_at', '<=', now).execute();
    const { n } = await db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const over = Number(n) - max;
    if (over > 0)
      await db
        .deleteFrom('login_failures')
        .where('key', 'in', db.selectFrom('login_failures').select('key').orderBy('full_at').limit(over))
        .execute();
  }

  async size(): Promise<number> {
    const { n } = await this.state.db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }
}
