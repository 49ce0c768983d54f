import { sql } from 'kysely';
import type { LoggedEntry, ManualEntry } from '#contracts';
import { CATEGORIES, FACTORS, affectedRange, findFactor, type Book, type Factor } from '#ledger';
import { DomainError } from '../http/domain-error.js';
import type { StateDb } from '../state/state-db.js';

/** The log has reached its size limit: new entries are refused (507), none is ever dropped. */
export class LedgerLogFull extends DomainError {
  constructor(message: string) {
    super(507, message, 'LEDGER_LOG_FULL', [], 'LEDGER_LOG_FULL');
  }
}

/** the advisory lock under which an entry's seq is given (PostgreSQL; any fixed number the platform uses once) */
const APPEND_LOCK = 0x71_6c_65_64;
const BYTES = 'ledger_entries.bytes';

/**
 * The ledger's append-only log in the state store: every entry made by hand (output, receipts, readings of
 * unconnected meters, corrections, meter swaps and roll-overs, site factors, tariffs, prices), with who made it and
 * when. It is both the audit trail and the source of the manual data, so nothing is ever dropped from it; it is
 * bounded by refusing new entries beyond `maxBytes` of entry JSON (LEDGER_LOG_FULL) rather than by forgetting old
 * ones. Every process holds the entries in memory (the ledger reads them for every period it sums) and catches up
 * with the store before it answers (`sync`): an entry made through another process sharing the PostgreSQL store is
 * in the next answer.
 */
export class LedgerLog {
  private entries: LoggedEntry[] = [];
  private seq = 0;

  constructor(
    private readonly state: StateDb,
    private readonly maxBytes: number,
  ) {}

  /** Reads the entries newer than the last one held (all of them at start): one indexed query. */
  async sync(): Promise<void> {
    this.take(await newer(this.state.db, this.seq));
  }

  all(): readonly LoggedEntry[] {
    return this.entries;
  }

  /** The factor book: the defaults, then the site's factors in the order they were entered (later wins). */
  book(): Book {
    return bookOf(this.entries);
  }

  /**
   * Appends in one transaction, under a lock that gives the next seq (so every process sees one gap-free order),
   * then makes the entry visible; resolves with the logged entry once it is committed.
   */
  async append(entry: ManualEntry, now: number): Promise<LoggedEntry> {
    const { logged, caught } = await this.state.db.transaction().execute(async (tx) => {
      if (this.state.engine === 'postgres') await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(tx);
      const caught = await newer(tx, this.seq);
      const known = [...this.entries, ...caught];
      const logged = logEntry(entry, (known.at(-1)?.seq ?? this.seq) + 1, now, bookOf(known));
      const doc = JSON.stringify(logged);
      // counted as the JSON line the file-backed log held, so the bound means what it meant
      const size = Buffer.byteLength(doc) + 1;
      const used =
        (await tx.selectFrom('state_counters').select('value').where('name', '=', BYTES).executeTakeFirst())?.value ??
        0;
      if (used + size > this.maxBytes)
        throw new LedgerLogFull(`the ledger log holds ${used} bytes of ${this.maxBytes}: no more entries taken`);
      await tx
        .insertInto('ledger_entries')
        .values({
          seq: logged.seq,
          at: now,
          kind: logged.kind,
          plant_id: 'plantId' in logged ? logged.plantId : null,
          by: logged.by,
          doc,
        })
        .execute();
      await tx
        .insertInto('state_counters')
        .values({ name: BYTES, value: size })
        .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('state_counters.value', '+', size) })))
        .execute();
      return { logged, caught };
    });
    this.take([...caught, logged]);
    return logged;
  }

  /** adds entries in seq order, skipping those already held (a sync and an append may read the same ones) */
  private take(rows: LoggedEntry[]): void {
    for (const e of rows)
      if (e.seq > this.seq) {
        this.entries.push(e);
        this.seq = e.seq;
      }
  }
}

async function newer(db: StateDb['db'], after: number): Promise<LoggedEntry[]> {
  const rows = await db.selectFrom('ledger_entries').select('doc').where('seq', '>', after).orderBy('seq').execute();
  return rows.map((r) => JSON.parse(r.doc) as LoggedEntry);
}

const bookOf = (entries: readonly LoggedEntry[]): Book => ({
  categories: CATEGORIES,
  factors: [...FACTORS, ...entries.flatMap(siteFactor)],
});

/** The entry as logged: its seq and time, a reading's time in epoch ms, a factor's id, what it displaces and changes. */
function logEntry(entry: ManualEntry, seq: number, now: number, book: Book): LoggedEntry {
  const logged: LoggedEntry = { ...entry, seq, at: now };
  if (entry.kind === 'meter_reading' || entry.kind === 'meter_swap' || entry.kind === 'meter_rollover')
    logged.tsMs = typeof entry.ts === 'number' ? entry.ts : Date.parse(entry.ts);
  if (entry.kind === 'factor') {
    const factor = toFactor({ ...entry, seq, at: now, factorId: `site/${entry.category}/${entry.quantity}/${seq}` });
    logged.factorId = factor.id;
    const before = findFactor(
      {
        category: entry.category,
        quantity: entry.quantity,
        at: entry.validFrom,
        ...(entry.region && /^\d{6}$/.test(entry.region) ? { province: entry.region } : {}),
        ...(entry.scheme ? { scheme: entry.scheme } : {}),
      },
      book.factors,
    );
    if (before.ok) logged.replaces = { id: before.factor.id, value: before.factor.value, unit: before.factor.unit };
    // the factor is added, not swapped: it changes the dates where it now wins, its own validity (grid figures:
    // carried forward until the series' next published figure)
    logged.affected = affectedRange(undefined, factor, [...book.factors, factor]);
  }
  return logged;
}

function toFactor(e: LoggedEntry & { kind: 'factor'; factorId: string }): Factor {
  return {
    id: e.factorId,
    category: e.category,
    quantity: e.quantity,
    value: e.value,
    unit: e.unit,
    validFrom: e.validFrom,
    ...(e.validTo ? { validTo: e.validTo } : {}),
    ...(e.region ? { region: e.region } : {}),
    ...(e.scheme ? { scheme: e.scheme } : {}),
    cite: {
      document: e.document,
      year: e.year,
      table: `site entry #${e.seq} by ${e.by}`,
      confidence: 'unverified',
      ...(e.note ? { note: e.note } : {}),
    },
  };
}

function siteFactor(e: LoggedEntry): Factor[] {
  return e.kind === 'factor' && e.factorId ? [toFactor(e as LoggedEntry & { kind: 'factor'; factorId: string })] : [];
}
