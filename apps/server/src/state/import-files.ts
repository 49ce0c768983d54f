import { createReadStream, existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Alert, AlertTransition, DeadLetter, FloodEvent } from '#contracts';
import { appendHistory } from '../alerts/alert-book.js';
import { importLedgerEntries, importLedgerReports } from '../ledger/import-old-files.js';
import type { StateDb } from './state-db.js';

type Tx = StateDb['db'];
const CHUNK = 200;

/**
 * Sites that ran earlier versions kept their state in files in the data directory. At the first start with the
 * state store each kind is imported once, in one transaction that also records it in `state_meta`, then the files
 * are renamed aside (`*.imported`): an upgrade loses nothing, and a crash between the commit and the rename only
 * leaves the rename to do. Returns what was imported, for the log.
 */
export async function importOldFiles(state: StateDb, dataDir: string): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  const alertsDir = join(dataDir, 'alerts');
  const kinds: Array<{ name: string; paths: string[]; run: (tx: Tx) => Promise<number> }> = [
    {
      name: 'alerts',
      paths: ['alerts.jsonl', 'floods.jsonl', 'detection-state.json'].map((f) => join(alertsDir, f)),
      run: (tx) => importAlerts(tx, alertsDir),
    },
    {
      name: 'dead-letters',
      paths: [join(dataDir, 'dead-letters.jsonl')],
      run: (tx) => importDeadLetters(tx, join(dataDir, 'dead-letters.jsonl')),
    },
    {
      name: 'webhooks',
      paths: [join(dataDir, 'webhooks')],
      run: (tx) => importOutbox(tx, join(dataDir, 'webhooks')),
    },
    {
      name: 'fleet-registry',
      paths: [join(dataDir, 'fleet-registry.json')],
      run: (tx) => importFleetChanges(tx, join(dataDir, 'fleet-registry.json')),
    },
    {
      name: 'ledger-entries',
      paths: [join(dataDir, 'ledger', 'entries.jsonl')],
      run: (tx) => importLedgerEntries(tx, join(dataDir, 'ledger', 'entries.jsonl')),
    },
    {
      name: 'ledger-reports',
      paths: [join(dataDir, 'ledger', 'reports')],
      run: (tx) => importLedgerReports(tx, join(dataDir, 'ledger', 'reports')),
    },
  ];
  for (const k of kinds) {
    const present = k.paths.filter((p) => existsSync(p));
    if (!present.length) continue;
    const key = `imported:${k.name}`;
    const already = await state.db.selectFrom('state_meta').select('key').where('key', '=', key).executeTakeFirst();
    if (!already)
      done[k.name] = await state.db.transaction().execute(async (tx) => {
        const n = await k.run(tx);
        await tx
          .insertInto('state_meta')
          .values({ key, value: String(n), updated_at: Date.now() })
          .execute();
        return n;
      });
    for (const p of present) renameSync(p, `${p}.imported`);
  }
  return done;
}

/** The JSON lines of a file, read as a stream; a torn last line (cut by a crash, never acknowledged) is skipped. */
async function* jsonLines<T>(path: string): AsyncGenerator<T> {
  if (!existsSync(path)) return;
  for await (const l of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    if (!l.trim()) continue;
    try {
      yield JSON.parse(l) as T;
    } catch {
      // torn final write
    }
  }
}

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * `alerts.jsonl`: a whole alert, or a change of one (its fields without the trail, the audit entries it added, and
 * how many it had then); the newest version of each alert wins. `floods.jsonl`; `detection-state.json`.
 */
async function importAlerts(tx: Tx, dir: string): Promise<number> {
  type Change = { change: Omit<Alert, 'history' | 'historyElided'>; add: AlertTransition[]; entries: number };
  const alerts = new Map<string, Alert>();
  const entries = (a: Alert) => a.history.length + (a.historyElided ?? 0);
  for await (const line of jsonLines<Alert | Change>(join(dir, 'alerts.jsonl'))) {
    if (!('change' in line)) {
      alerts.set(line.id, line);
      continue;
    }
    const prev = alerts.get(line.change.id);
    if (!prev) continue;
    const next: Alert = { ...line.change, history: prev.history };
    if (prev.historyElided) next.historyElided = prev.historyElided;
    const held = entries(prev) - (line.entries - line.add.length);
    appendHistory(next, held > 0 ? line.add.slice(held) : line.add);
    alerts.set(next.id, next);
  }
  await insertChunked([...alerts.values()], (c) =>
    tx
      .insertInto('alerts')
      .values(
        c.map((a) => ({
          id: a.id,
          plant_id: a.plantId,
          device_id: a.deviceId,
          updated_at: a.updatedAt ?? a.openedAt,
          doc: JSON.stringify(a),
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute(),
  );
  const floods: FloodEvent[] = [];
  for await (const f of jsonLines<FloodEvent>(join(dir, 'floods.jsonl'))) floods.push(f);
  await insertChunked(floods, (c) =>
    tx
      .insertInto('alert_floods')
      .values(c.map((f) => ({ plant_id: f.plantId, doc: JSON.stringify(f) })))
      .execute(),
  );
  const snapshot = join(dir, 'detection-state.json');
  if (existsSync(snapshot)) {
    const states = JSON.parse(readFileSync(snapshot, 'utf8')) as Record<string, unknown>;
    await insertChunked(Object.entries(states), (c) =>
      tx
        .insertInto('detection_state')
        .values(c.map(([device_key, s]) => ({ device_key, state: JSON.stringify(s) })))
        .onConflict((oc) => oc.column('device_key').doNothing())
        .execute(),
    );
  }
  return alerts.size;
}

/** `dead-letters.jsonl`: letters oldest first, and `{meta: {dropped, nextId}}` lines written at compaction. */
async function importDeadLetters(tx: Tx, path: string): Promise<number> {
  let dropped = 0;
  let batch: DeadLetter[] = [];
  let n = 0;
  const flush = async () => {
    if (batch.length)
      await tx
        .insertInto('dead_letters')
        .values(
          batch.map(({ id: _, ...l }) => ({
            received_at: l.receivedAt,
            reason: l.reason,
            plant_id: l.plantId ?? null,
            device_id: l.deviceId ?? null,
            doc: JSON.stringify(l),
          })),
        )
        .execute();
    n += batch.length;
    batch = [];
  };
  for await (const rec of jsonLines<DeadLetter | { meta: { dropped: number } }>(path)) {
    if ('meta' in rec) dropped = rec.meta.dropped;
    else if (batch.push(rec) >= CHUNK) await flush();
  }
  await flush();
  if (dropped)
    await tx
      .insertInto('state_counters')
      .values({ name: 'dead_letters.dropped', value: dropped })
      .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('state_counters.value', '+', dropped) })))
      .execute();
  return n;
}

/** `webhooks/pending/*.json` and `webhooks/dead/*.json`: one delivery per file */
async function importOutbox(tx: Tx, dir: string): Promise<number> {
  interface Delivery {
    id: string;
    subscriberId: string;
    envelope: { createdAt: number };
    attempts: number;
    nextAt: number;
    lastError?: string;
  }
  let n = 0;
  for (const [sub, dead] of [
    ['pending', 0],
    ['dead', 1],
  ] as const) {
    const path = join(dir, sub);
    if (!existsSync(path)) continue;
    const ds: Delivery[] = [];
    for (const f of readdirSync(path).filter((x) => x.endsWith('.json')))
      try {
        ds.push(JSON.parse(readFileSync(join(path, f), 'utf8')) as Delivery);
      } catch {
        // a temp file's torn write: never acknowledged
      }
    ds.sort((a, b) => a.envelope.createdAt - b.envelope.createdAt || a.id.localeCompare(b.id));
    await insertChunked(ds, (c) =>
      tx
        .insertInto('webhook_outbox')
        .values(
          c.map((d) => ({
            id: d.id,
            subscriber_id: d.subscriberId,
            envelope: JSON.stringify(d.envelope),
            created_at: d.envelope.createdAt,
            attempts: d.attempts,
            next_at: d.nextAt,
            last_error: d.lastError ?? null,
            dead,
            lease_until: 0,
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .execute(),
    );
    n += ds.length;
  }
  return n;
}

/** `fleet-registry.json`: `{version: 1, devices: {username: spec | null}, secrets: {username: hash}}` */
async function importFleetChanges(tx: Tx, path: string): Promise<number> {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as {
    version: number;
    devices?: Record<string, unknown>;
    secrets?: Record<string, string>;
  };
  if (doc.version !== 1) throw new Error(`${path}: unsupported version ${doc.version}`);
  const now = Date.now();
  const devices = Object.entries(doc.devices ?? {});
  await insertChunked(devices, (c) =>
    tx
      .insertInto('fleet_devices')
      .values(c.map(([username, d]) => ({ username, spec: d === null ? null : JSON.stringify(d), updated_at: now })))
      .onConflict((oc) => oc.column('username').doNothing())
      .execute(),
  );
  await insertChunked(Object.entries(doc.secrets ?? {}), (c) =>
    tx
      .insertInto('fleet_credentials')
      .values(c.map(([username, secret_hash]) => ({ username, secret_hash, updated_at: now })))
      .onConflict((oc) => oc.column('username').doNothing())
      .execute(),
  );
  return devices.length;
}
