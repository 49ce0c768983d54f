import pg from 'pg';

/** application_name of the ownership connections: the live detection processes are counted by it. */
export const DETECTION_APP_NAME = 'qinwatt-detection';
/** first key of the partitions' advisory locks ("qw" and a version); the second key is the partition number */
const LOCK_NAMESPACE = 0x71770001;

export interface Checkpoint {
  partition: number;
  lastId: string;
  /** JSON: per device key, the detection core's state */
  states: string;
}

/**
 * The ownership connection of one detection process: PostgreSQL session advisory locks, one per partition it owns.
 * A process that dies loses its connection and PostgreSQL releases its locks with it, which is what lets another
 * process take the partitions over without a lease of our own. Checkpoints are written on this same connection, so
 * one is written only while the connection, hence the lock, is alive.
 */
export class PartitionLocks {
  private readonly client: pg.Client;
  private lostListener?: (why: string) => void;
  private lost = false;
  /** one operation at a time: a checkpoint's transaction must not take in a lock query issued meanwhile */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(postgresUrl: string) {
    this.client = new pg.Client({ connectionString: postgresUrl, application_name: DETECTION_APP_NAME });
    this.client.on('error', (e) => this.lose(e.message));
    this.client.on('end', () => this.lose('connection ended'));
  }

  /** called once when the connection is gone: every lock it held is gone too */
  onLost(listener: (why: string) => void): void {
    this.lostListener = listener;
  }

  get alive(): boolean {
    return !this.lost;
  }

  /** the server process of this connection (terminating it is how a test stands in for a killed process) */
  get backendPid(): number | undefined {
    return (this.client as unknown as { processID?: number }).processID;
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  /** live detection processes on this database, this one included */
  async members(): Promise<number> {
    const r = await this.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where application_name = $1 and datname = current_database()',
      [DETECTION_APP_NAME],
    );
    return r.rows[0]?.n ?? 1;
  }

  /** partitions locked by any process (ours included) */
  async held(): Promise<Set<number>> {
    const r = await this.query<{ p: number }>(
      `select objid::int as p from pg_locks
        where locktype = 'advisory' and granted and objsubid = 2 and classid = $1::int::oid
          and database = (select oid from pg_database where datname = current_database())`,
      [LOCK_NAMESPACE],
    );
    return new Set(r.rows.map((x) => x.p));
  }

  async tryLock(partition: number): Promise<boolean> {
    const r = await this.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [
      LOCK_NAMESPACE,
      partition,
    ]);
    return r.rows[0]?.ok === true;
  }

  async unlock(partition: number): Promise<void> {
    await this.query('select pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, partition]);
  }

  async load(partition: number): Promise<Checkpoint | undefined> {
    const r = await this.query<{ last_id: string; states: string }>(
      'select last_id, states from partition_checkpoints where "partition" = $1',
      [partition],
    );
    const row = r.rows[0];
    return row && { partition, lastId: row.last_id, states: row.states };
  }

  /** the checkpoints of several partitions, in one transaction */
  async save(checkpoints: readonly Checkpoint[], now: number): Promise<void> {
    if (!checkpoints.length) return;
    await this.serial(async () => {
      await this.client.query('begin');
      try {
        for (const c of checkpoints)
          await this.client.query(
            `insert into partition_checkpoints ("partition", last_id, states, updated_at) values ($1, $2, $3, $4)
           on conflict ("partition") do update
             set last_id = excluded.last_id, states = excluded.states, updated_at = excluded.updated_at`,
            [c.partition, c.lastId, c.states, now],
          );
        await this.client.query('commit');
      } catch (e) {
        await this.client.query('rollback').catch(() => undefined);
        throw e;
      }
    });
  }

  /** closes the connection: PostgreSQL releases every lock it still holds */
  async close(): Promise<void> {
    this.lost = true;
    await this.client.end().catch(() => undefined);
  }

  private query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    return this.serial(() => this.client.query<R>(text, values));
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private lose(why: string): void {
    if (this.lost) return;
    this.lost = true;
    this.lostListener?.(why);
  }
}
