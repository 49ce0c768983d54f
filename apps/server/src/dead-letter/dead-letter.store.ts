import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DeadLetter, DeadLetterPage, DeadLetterQuery } from '#contracts';
import { GroupCommit } from '../durable/group-commit.js';
import { Metrics } from '../metrics/metrics.js';
import { StateDb } from '../state/state-db.js';
import { CONFIG } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import type { Stoppable } from '../lifecycle/shutdown.js';

/** Payload bytes kept per dead letter; a telemetry message is far smaller, an OVERSIZE one is cut here. */
export const DEAD_LETTER_PAYLOAD_BYTES = 16 * 1024;

/**
 * Characters kept of each text field of a dead letter (client id, user name, topic, detail): an MQTT client id or
 * user name may be 65,535 bytes (MQTT-1.5.3), and 1,500 refused CONNECTs with 60 kB ids once took 172 MB of dead
 * letters and 490 MB of memory. Ids in the fleet are at most 64 characters, so nothing a person needs is cut.
 */
export const DEAD_LETTER_TEXT_CHARS = 256;

/**
 * Rows per insert and per transaction. better-sqlite3 runs each statement on the event loop: a poison flood's
 * batch is written in transactions of this many rows, with the loop free between them.
 */
const CHUNK = 500;

/** the counter of letters dropped to keep within the cap */
const DROPPED = 'dead_letters.dropped';

/** `s` cut to `max` characters, saying how long it was. */
export function clip(s: string, max: number): string;
export function clip(s: string | undefined, max: number): string | undefined;
export function clip(s: string | undefined, max: number): string | undefined {
  return s === undefined || s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}

export type DeadLetterInput = Omit<DeadLetter, 'id' | 'payload' | 'size' | 'truncated'> & { raw: Buffer };

/**
 * Rejected messages with their raw bytes in the relational state store, bounded by `deadLetterMax` (the oldest are
 * dropped and counted). Letters that arrive together are inserted by one transaction (group commit), so a rejected
 * message is durable before its PUBACK just like an accepted one, and a flood of them costs one commit per batch,
 * not one per message.
 */
@Injectable()
export class DeadLetterStore implements OnModuleInit, Stoppable {
  private kept = 0;
  private dropped = 0;
  private readonly cap: number;
  private readonly commits = new GroupCommit<Omit<DeadLetter, 'id'>>((letters) => this.commit(letters));

  constructor(
    @Inject(CONFIG) config: AppConfig,
    @Inject(StateDb) private readonly state: StateDb,
    metrics: Metrics,
  ) {
    this.cap = config.deadLetterMax;
    metrics.sample(metrics.deadLetters, () => this.kept);
    metrics.sample(metrics.deadLettersDropped, () => this.dropped);
  }

  async onModuleInit(): Promise<void> {
    // a lowered cap applies at once
    await this.state.db.transaction().execute(async (tx) => {
      await addDropped(tx, 0);
      await this.trim(tx);
    });
    await this.refreshCounts();
  }

  /** Keeps a rejected message; resolves once it is committed. */
  record(input: DeadLetterInput): Promise<void> {
    const { raw, ...rest } = input;
    const kept = raw.length > DEAD_LETTER_PAYLOAD_BYTES ? raw.subarray(0, DEAD_LETTER_PAYLOAD_BYTES) : raw;
    const letter: Omit<DeadLetter, 'id'> = { ...rest, payload: kept.toString('base64'), size: raw.length };
    const n = DEAD_LETTER_TEXT_CHARS;
    letter.clientId = clip(letter.clientId, n);
    letter.topic = clip(letter.topic, n);
    letter.detail = clip(letter.detail, n);
    if (letter.username !== undefined) letter.username = clip(letter.username, n);
    if (letter.plantId !== undefined) letter.plantId = clip(letter.plantId, n);
    if (letter.deviceId !== undefined) letter.deviceId = clip(letter.deviceId, n);
    if (kept.length < raw.length) letter.truncated = true;
    return this.commits.append(letter);
  }

  private async commit(letters: Array<Omit<DeadLetter, 'id'>>): Promise<void> {
    for (let i = 0; i < letters.length; i += CHUNK) {
      const rows = letters.slice(i, i + CHUNK).map((l) => ({
        received_at: l.receivedAt,
        reason: l.reason,
        plant_id: l.plantId ?? null,
        device_id: l.deviceId ?? null,
        doc: JSON.stringify(l),
      }));
      await this.state.db.transaction().execute(async (tx) => {
        await addDropped(tx, 0); // holds the counter's row: writers in several processes trim one after another
        await tx.insertInto('dead_letters').values(rows).execute();
        await this.trim(tx);
      });
    }
    await this.refreshCounts();
  }

  /** Drops the oldest letters beyond the cap and counts them, in the caller's transaction. */
  private async trim(tx: StateDb['db']): Promise<void> {
    const edge = await tx
      .selectFrom('dead_letters')
      .select('id')
      .orderBy('id', 'desc')
      .limit(1)
      .offset(this.cap)
      .executeTakeFirst();
    if (!edge) return;
    const gone = await tx.deleteFrom('dead_letters').where('id', '<=', edge.id).executeTakeFirst();
    await addDropped(tx, Number(gone.numDeletedRows));
  }

  private async refreshCounts(): Promise<void> {
    const db = this.state.db;
    const [count, dropped] = await Promise.all([
      db
        .selectFrom('dead_letters')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      db.selectFrom('state_counters').select('value').where('name', '=', DROPPED).executeTakeFirst(),
    ]);
    this.kept = Number(count.n);
    this.dropped = dropped?.value ?? 0;
  }

  /** Newest first; `nextCursor` continues with older letters. */
  async query(q: DeadLetterQuery): Promise<DeadLetterPage> {
    const limit = Math.max(1, Math.min(1000, q.limit ?? 100));
    let sel = this.state.db.selectFrom('dead_letters').select(['id', 'doc']);
    if (q.cursor !== undefined) sel = sel.where('id', '<', q.cursor);
    if (q.since !== undefined) sel = sel.where('received_at', '>=', q.since);
    if (q.reason) sel = sel.where('reason', '=', q.reason);
    if (q.deviceId) sel = sel.where('device_id', '=', q.deviceId);
    if (q.plantId) sel = sel.where('plant_id', '=', q.plantId);
    const [rows, dropped] = await Promise.all([
      sel
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute(),
      this.state.db.selectFrom('state_counters').select('value').where('name', '=', DROPPED).executeTakeFirst(),
    ]);
    const items = rows
      .slice(0, limit)
      .map((r) => ({ id: r.id, ...(JSON.parse(r.doc) as Omit<DeadLetter, 'id'>) }) as DeadLetter);
    const more = rows.length > limit;
    return { items, dropped: dropped?.value ?? 0, ...(more ? { nextCursor: items[items.length - 1].id } : {}) };
  }

  /** called by the ShutdownCoordinator in its step (lifecycle/shutdown.ts) */

  async stop(): Promise<void> {
    await this.commits.drain();
  }
}

/** adds to the dropped counter; on PostgreSQL its row stays locked until the transaction ends */
async function addDropped(tx: StateDb['db'], n: number): Promise<void> {
  await tx
    .insertInto('state_counters')
    .values({ name: DROPPED, value: n })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('state_counters.value', '+', n) })))
    .execute();
}
