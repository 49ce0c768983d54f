import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LoggedEntry, ManualEntry } from '#contracts';
import { CATEGORIES, FACTORS, affectedRange, findFactor, type Book, type Factor } from '#ledger';
import { AppendLog } from '../alerts/append-log.js';
import { DomainError } from '../http/domain-error.js';

/** The log has reached its size limit: new entries are refused (507), none is ever dropped. */
export class LedgerLogFull extends DomainError {
  constructor(message: string) {
    super(507, message, 'LEDGER_LOG_FULL', [], 'LEDGER_LOG_FULL');
  }
}

/**
 * The ledger's append-only log: every entry made by hand (output, receipts, readings of unconnected meters,
 * corrections, site factors), with who made it and when. It is both the audit trail and the source of the manual
 * data, so nothing is ever dropped from it; it is bounded by refusing new entries beyond `maxBytes`
 * (LEDGER_LOG_FULL) rather than by forgetting old ones.
 */
export class LedgerLog {
  private readonly log: AppendLog;
  private entries: LoggedEntry[] = [];
  private bytes = 0;
  private seq = 0;

  constructor(
    private readonly path: string,
    private readonly maxBytes: number,
  ) {
    this.log = new AppendLog(path);
  }

  load(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    if (!existsSync(this.path)) return;
    this.bytes = statSync(this.path).size;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const e = JSON.parse(line) as LoggedEntry;
        this.entries.push(e);
        this.seq = Math.max(this.seq, e.seq);
      } catch {
        // a torn last line (crash mid-write) was never acknowledged
      }
    }
  }

  all(): readonly LoggedEntry[] {
    return this.entries;
  }

  /** The factor book: the defaults, then the site's factors in the order they were entered (later wins). */
  book(): Book {
    return { categories: CATEGORIES, factors: [...FACTORS, ...this.entries.flatMap(siteFactor)] };
  }

  /** Appends durably, then makes the entry visible; resolves with the logged entry. */
  async append(entry: ManualEntry, now: number): Promise<LoggedEntry> {
    const logged: LoggedEntry = { ...entry, seq: this.seq + 1, at: now };
    if (entry.kind === 'meter_reading' || entry.kind === 'meter_swap' || entry.kind === 'meter_rollover')
      logged.tsMs = typeof entry.ts === 'number' ? entry.ts : Date.parse(entry.ts);
    if (entry.kind === 'factor') {
      const book = this.book();
      const factor = toFactor({
        ...entry,
        seq: logged.seq,
        at: now,
        factorId: `site/${entry.category}/${entry.quantity}/${logged.seq}`,
      });
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
    const line = JSON.stringify(logged) + '\n';
    const size = Buffer.byteLength(line);
    if (this.bytes + size > this.maxBytes)
      throw new LedgerLogFull(`the ledger log holds ${this.bytes} bytes of ${this.maxBytes}: no more entries taken`);
    this.seq = logged.seq;
    this.bytes += size;
    try {
      await this.log.append(line);
    } catch (e) {
      this.bytes -= size;
      throw e;
    }
    this.entries.push(logged);
    return logged;
  }

  close(): Promise<void> {
    return this.log.close();
  }
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
