import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Alert, AlertTransition, FloodEvent } from '#contracts';
import { appendHistory } from './alert-book.js';
import { AlertStore, type AlertStoreContents } from './alert-store.js';
import { AppendLog } from './append-log.js';

/**
 * A line of `alerts.jsonl`: a whole alert (a new one, or each alert once after compaction), or a change of one: its
 * current fields without the audit trail, and the audit entries added since its previous line.
 */
type AlertLine = Alert | { change: Omit<Alert, 'history' | 'historyElided'>; add: AlertTransition[]; entries: number };

/** alerts.jsonl is compacted while running once it passes this and twice its size at the last compaction */
const ALERT_LOG_COMPACT_BYTES = 16 * 1024 * 1024;

/** the detection snapshot is written in pieces of about this size, so serialising it never holds the event loop long */
const SNAPSHOT_CHUNK_CHARS = 256 * 1024;

/**
 * File-backed alert store in the data directory: `alerts.jsonl` (a new alert whole, then one line per change with
 * only the audit entries it added, fsync'd; read as a stream and compacted to one line per alert on load, so its
 * size at boot follows the number of alerts, each bounded by ALERT_HISTORY_LIMITS), `floods.jsonl`, and `detection-state.json` (written whole, atomically: temp file + rename).
 * The two logs stay open and group-commit their appends (AppendLog); the detection snapshot has a queue of its own,
 * so an alert never waits behind it: it replaces its file by rename and needs no ordering with the logs.
 */
export class FileAlertStore extends AlertStore {
  private readonly dir: string;
  private readonly alerts: AppendLog;
  private readonly floods: AppendLog;
  private snapshots: Promise<unknown> = Promise.resolve();
  /** per alert id: audit entries written so far (kept + elided), so a change writes only the new ones */
  private readonly written = new Map<string, number>();
  /**
   * per alert id: the alert as last saved (the caller's object: serialised only when a compaction writes it, by
   * which time it may be ahead of the log, which the load's merge allows for)
   */
  private readonly latest = new Map<string, Alert>();

  constructor(dataDir: string) {
    super();
    this.dir = join(dataDir, 'alerts');
    this.alerts = new AppendLog(join(this.dir, 'alerts.jsonl'), undefined, {
      minBytes: ALERT_LOG_COMPACT_BYTES,
      contents: () => lines(this.latest.values()),
    });
    this.floods = new AppendLog(join(this.dir, 'floods.jsonl'));
  }

  async load(): Promise<AlertStoreContents> {
    await mkdir(this.dir, { recursive: true });
    const alerts = new Map<string, Alert>();
    for await (const line of parsedLines<AlertLine>(join(this.dir, 'alerts.jsonl'))) merge(alerts, line);
    const floods: FloodEvent[] = [];
    for await (const f of parsedLines<FloodEvent>(join(this.dir, 'floods.jsonl'))) floods.push(f);
    let detection: Record<string, unknown> = {};
    try {
      detection = JSON.parse(await readFile(join(this.dir, 'detection-state.json'), 'utf8')) as Record<string, unknown>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    // compaction: keep only each alert's newest version (before the log is opened: the rename replaces the file)
    const all = [...alerts.values()];
    for (const a of all) {
      this.written.set(a.id, entries(a));
      this.latest.set(a.id, a);
    }
    await this.atomicWrite('alerts.jsonl', lines(all));
    await this.alerts.open();
    await this.floods.open();
    return { alerts: all, floods, detection };
  }

  /**
   * The line is serialised now, so the file keeps versions in call order even when the object changes later. A
   * change costs its own audit entries, not the whole trail again.
   */
  saveAlert(a: Alert): Promise<void> {
    const before = this.written.get(a.id);
    const now = entries(a);
    this.written.set(a.id, now);
    this.latest.set(a.id, a);
    if (before === undefined) return this.alerts.append(JSON.stringify(a) + '\n');
    const change: Partial<Alert> = { ...a };
    delete change.history;
    delete change.historyElided;
    const add = a.history.slice(a.history.length - Math.min(now - before, a.history.length));
    return this.alerts.append(JSON.stringify({ change, add, entries: now }) + '\n');
  }

  saveFlood(f: FloodEvent): Promise<void> {
    return this.floods.append(JSON.stringify(f) + '\n');
  }

  saveDetection(states: Record<string, unknown>): Promise<void> {
    const next = this.snapshots.then(() => this.atomicWrite('detection-state.json', snapshotChunks(states)));
    this.snapshots = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await Promise.all([this.alerts.close(), this.floods.close(), this.snapshots]);
  }

  private async atomicWrite(file: string, chunks: Iterable<string>): Promise<void> {
    const tmp = join(this.dir, `${file}.tmp`);
    const fh = await open(tmp, 'w');
    try {
      for (const chunk of chunks) await fh.writeFile(chunk);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, file));
  }
}

/**
 * `JSON.stringify(states)`, a piece at a time: each device's state is serialised whole in one go (so it is
 * consistent), and the event loop runs between pieces. A 20,000-device fleet is ~15 MB, which one stringify call
 * holds the loop for ~150 ms on a 2-core machine (bench:alerts).
 */
export function* snapshotChunks(states: Record<string, unknown>, chunkChars = SNAPSHOT_CHUNK_CHARS): Generator<string> {
  let chunk = '{';
  let first = true;
  for (const [k, v] of Object.entries(states)) {
    const value = JSON.stringify(v) as string | undefined;
    if (value === undefined) continue; // as JSON.stringify does with undefined and functions
    chunk += `${first ? '' : ','}${JSON.stringify(k)}:${value}`;
    first = false;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + '}';
}

/** the alerts as lines, in pieces of about SNAPSHOT_CHUNK_CHARS */
function* lines(alerts: Iterable<Alert>): Generator<string> {
  let chunk = '';
  for (const a of alerts) {
    chunk += JSON.stringify(a) + '\n';
    if (chunk.length >= SNAPSHOT_CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

/** audit entries an alert has had: those kept and those elided */
const entries = (a: Alert) => a.history.length + (a.historyElided ?? 0);

function merge(alerts: Map<string, Alert>, line: AlertLine): void {
  if (!('change' in line)) {
    alerts.set(line.id, line);
    return;
  }
  const prev = alerts.get(line.change.id);
  if (!prev) return; // a change of an alert whose first line was lost cannot be rebuilt (never the case on disk)
  const next: Alert = { ...line.change, history: prev.history };
  if (prev.historyElided) next.historyElided = prev.historyElided;
  // a change that a compaction already holds (queued while the file was rewritten) adds none of its entries twice
  const held = entries(prev) - (line.entries - line.add.length);
  appendHistory(next, held > 0 ? line.add.slice(held) : line.add);
  alerts.set(next.id, next);
}

/**
 * The JSON lines of a file, read as a stream (a log is never read whole into one string: its size has no bearing
 * on whether the next start works). A line cut short by a crash mid-append is the only kind that fails to parse:
 * it was never acknowledged.
 */
async function* parsedLines<T>(path: string): AsyncGenerator<T> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<boolean>((resolve, reject) => {
    input.once('open', () => resolve(true));
    input.once('error', (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? resolve(false) : reject(e)));
  });
  if (!(await opened)) return;
  for await (const l of createInterface({ input, crlfDelay: Infinity })) {
    if (!l.trim()) continue;
    try {
      yield JSON.parse(l) as T;
    } catch {
      // torn final write
    }
  }
}
