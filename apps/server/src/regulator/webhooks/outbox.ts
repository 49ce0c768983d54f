import type { WebhookDelivery, WebhookEnvelope } from '#contracts';
import { GroupCommit } from '../../durable/group-commit.js';
import type { StateDb } from '../../state/state-db.js';
import type { WebhookOutboxTable } from '../../state/tables.js';
import type { Selectable } from 'kysely';

/** One event owed to one subscriber. */
export type Delivery = WebhookDelivery;

/** deliveries that gave up, kept for inspection per subscriber; older ones are removed */
export const DEAD_KEPT = 1000;
/** rows per insert and per transaction (better-sqlite3 runs each statement on the event loop) */
const CHUNK = 200;

/**
 * The webhook outbox in the relational state store: a delivery is committed before its first attempt and removed
 * once the receiver answered 2xx, so a restart or a receiver outage loses nothing. Nothing is read whole at start:
 * the sender asks for each subscriber's oldest pending delivery. Pending deliveries are bounded per subscriber
 * (`maxPending`): beyond it the oldest give up with `OUTBOX_FULL`. Deliveries that give up are kept for inspection
 * (the newest DEAD_KEPT per subscriber). On PostgreSQL several processes share the outbox: a sender claims a delivery
 * with a lease before it sends it, so each is sent by one process at a time.
 */
export class Outbox {
  private readonly inserts = new GroupCommit<Delivery>((ds) => this.insert(ds));

  constructor(
    private readonly state: StateDb,
    private readonly maxPending: number,
  ) {}

  /** Resolves once the new delivery is committed. Deliveries put together share one transaction. */
  add(d: Delivery): Promise<void> {
    return this.inserts.append(d);
  }

  /** The subscriber's oldest pending delivery (the one that blocks the others, so a receiver sees them in order). */
  async oldest(subscriberId: string): Promise<(Delivery & { leaseUntil: number }) | undefined> {
    const row = await this.state.db
      .selectFrom('webhook_outbox')
      .selectAll()
      .where('dead', '=', 0)
      .where('subscriber_id', '=', subscriberId)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    return row && { ...delivery(row), leaseUntil: row.lease_until };
  }

  /**
   * Takes the delivery for `ms` unless another sender holds it or its (retry) time has not come; true when this
   * caller may send it. The time is checked here, not only where it was read: another process may have tried it
   * and put it back for later in between.
   */
  async claim(id: string, now: number, ms: number): Promise<boolean> {
    const r = await this.state.db
      .updateTable('webhook_outbox')
      .set({ lease_until: now + ms })
      .where('id', '=', id)
      .where('dead', '=', 0)
      .where('lease_until', '<=', now)
      .where('next_at', '<=', now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** A failed attempt: its count, next time and error; it keeps its place in the queue. */
  async retry(d: Delivery): Promise<void> {
    await this.state.db
      .updateTable('webhook_outbox')
      .set({ attempts: d.attempts, next_at: d.nextAt, last_error: d.lastError ?? null, lease_until: 0 })
      .where('id', '=', d.id)
      .execute();
  }

  async done(id: string): Promise<void> {
    await this.state.db.deleteFrom('webhook_outbox').where('id', '=', id).execute();
  }

  /** Gives the delivery up, with its last error. */
  async kill(d: Delivery): Promise<void> {
    await this.state.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('webhook_outbox')
        .set({ dead: 1, attempts: d.attempts, last_error: d.lastError ?? null, lease_until: 0 })
        .where('id', '=', d.id)
        .execute();
      await trimDead(tx, d.subscriberId);
    });
  }

  /** pending and given-up deliveries per subscriber */
  async counts(): Promise<Map<string, { pending: number; dead: number }>> {
    const rows = await this.state.db
      .selectFrom('webhook_outbox')
      .select((eb) => ['subscriber_id', 'dead', eb.fn.countAll<number>().as('n')])
      .groupBy(['subscriber_id', 'dead'])
      .execute();
    const out = new Map<string, { pending: number; dead: number }>();
    for (const r of rows) {
      const c = out.get(r.subscriber_id) ?? { pending: 0, dead: 0 };
      c[r.dead ? 'dead' : 'pending'] = Number(r.n);
      out.set(r.subscriber_id, c);
    }
    return out;
  }

  /** oldest first, at most `limit` */
  async pending(limit = 1000): Promise<Delivery[]> {
    return this.list(0, limit);
  }

  /** the deliveries that gave up, oldest first, at most `limit` */
  async dead(limit = DEAD_KEPT): Promise<Delivery[]> {
    return this.list(1, limit);
  }

  async close(): Promise<void> {
    await this.inserts.drain();
  }

  private async list(dead: number, limit: number): Promise<Delivery[]> {
    const rows = await this.state.db
      .selectFrom('webhook_outbox')
      .selectAll()
      .where('dead', '=', dead)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(delivery);
  }

  private async insert(ds: Delivery[]): Promise<void> {
    for (let i = 0; i < ds.length; i += CHUNK) {
      const rows = ds.slice(i, i + CHUNK).map((d) => ({
        id: d.id,
        subscriber_id: d.subscriberId,
        envelope: JSON.stringify(d.envelope),
        created_at: d.envelope.createdAt,
        attempts: d.attempts,
        next_at: d.nextAt,
        last_error: d.lastError ?? null,
        dead: 0,
        lease_until: 0,
      }));
      await this.state.db.transaction().execute(async (tx) => {
        await tx.insertInto('webhook_outbox').values(rows).execute();
        for (const s of new Set(rows.map((r) => r.subscriber_id))) await this.bound(tx, s);
      });
    }
  }

  /** The oldest pending deliveries beyond maxPending give up (OUTBOX_FULL), in the caller's transaction. */
  private async bound(tx: StateDb['db'], subscriberId: string): Promise<void> {
    const edge = await tx
      .selectFrom('webhook_outbox')
      .select('seq')
      .where('dead', '=', 0)
      .where('subscriber_id', '=', subscriberId)
      .orderBy('seq', 'desc')
      .limit(1)
      .offset(this.maxPending)
      .executeTakeFirst();
    if (!edge) return;
    await tx
      .updateTable('webhook_outbox')
      .set({ dead: 1, last_error: `OUTBOX_FULL: more than ${this.maxPending} deliveries waiting` })
      .where('dead', '=', 0)
      .where('subscriber_id', '=', subscriberId)
      .where('seq', '<=', edge.seq)
      .execute();
    await trimDead(tx, subscriberId);
  }
}

/** keeps the newest DEAD_KEPT given-up deliveries of a subscriber */
async function trimDead(tx: StateDb['db'], subscriberId: string): Promise<void> {
  const edge = await tx
    .selectFrom('webhook_outbox')
    .select('seq')
    .where('dead', '=', 1)
    .where('subscriber_id', '=', subscriberId)
    .orderBy('seq', 'desc')
    .limit(1)
    .offset(DEAD_KEPT)
    .executeTakeFirst();
  if (edge)
    await tx
      .deleteFrom('webhook_outbox')
      .where('dead', '=', 1)
      .where('subscriber_id', '=', subscriberId)
      .where('seq', '<=', edge.seq)
      .execute();
}

function delivery(r: Selectable<WebhookOutboxTable>): Delivery {
  return {
    id: r.id,
    subscriberId: r.subscriber_id,
    envelope: JSON.parse(r.envelope) as WebhookEnvelope,
    attempts: r.attempts,
    nextAt: r.next_at,
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  };
}
