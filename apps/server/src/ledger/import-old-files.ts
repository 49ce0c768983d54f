import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LoggedEntry } from '#contracts';
import type { StateDb } from '../state/state-db.js';

type Tx = StateDb['db'];

/**
 * `<dataDir>/ledger/entries.jsonl` of earlier versions: one LoggedEntry a line, oldest first; a torn last line (cut
 * by a crash, never acknowledged) is skipped. The entries keep their seq, time and author; the bytes counted
 * towards the log's bound are the lines' as before.
 */
export async function importLedgerEntries(tx: Tx, path: string): Promise<number> {
  let n = 0;
  let bytes = 0;
  let batch: LoggedEntry[] = [];
  const flush = async () => {
    if (batch.length)
      await tx
        .insertInto('ledger_entries')
        .values(
          batch.map((e) => ({
            seq: e.seq,
            at: e.at,
            kind: e.kind,
            plant_id: 'plantId' in e ? e.plantId : null,
            by: e.by,
            doc: JSON.stringify(e),
          })),
        )
        .onConflict((oc) => oc.column('seq').doNothing())
        .execute();
    n += batch.length;
    batch = [];
  };
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let e: LoggedEntry;
    try {
      e = JSON.parse(line) as LoggedEntry;
    } catch {
      continue; // torn final write
    }
    bytes += Buffer.byteLength(line) + 1;
    if (batch.push(e) >= 200) await flush();
  }
  await flush();
  await tx
    .insertInto('state_counters')
    .values({ name: 'ledger_entries.bytes', value: bytes })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('state_counters.value', '+', bytes) })))
    .execute();
  return n;
}

const FILE = /^(plant|enterprise)-(.+)-(zh|en)\.(xlsx|pdf)$/;

/**
 * `<dataDir>/ledger/reports/<YYYY-MM>/<level>-<id>-<lang>.<format>` written by the schedule of earlier versions, with
 * a `done` file holding when the month was finished: each report becomes a row with its bytes.
 */
export async function importLedgerReports(tx: Tx, dir: string): Promise<number> {
  let n = 0;
  for (const month of readdirSync(dir).filter((m) => /^\d{4}-\d{2}$/.test(m))) {
    const mdir = join(dir, month);
    const done = join(mdir, 'done');
    const finished = existsSync(done) ? Date.parse(readFileSync(done, 'utf8')) : NaN;
    for (const f of readdirSync(mdir)) {
      const m = FILE.exec(f);
      if (!m) continue;
      const body = readFileSync(join(mdir, f));
      await tx
        .insertInto('ledger_reports')
        .values({
          level: m[1]!,
          subject_id: m[2]!,
          month,
          lang: m[3]!,
          format: m[4]!,
          trigger: 'schedule',
          generated_at: Number.isFinite(finished) ? finished : statSync(join(mdir, f)).mtimeMs,
          bytes: body.length,
          body,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      n++;
    }
    if (Number.isFinite(finished))
      await tx
        .insertInto('state_meta')
        .values({ key: `ledger-reports:${month}`, value: new Date(finished).toISOString(), updated_at: finished })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
  }
  return n;
}
