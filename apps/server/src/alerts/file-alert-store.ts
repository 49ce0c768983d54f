import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Alert, FloodEvent } from '#contracts';
import { AlertStore, type AlertStoreContents } from './alert-store.js';

/**
 * File-backed alert store in the data directory: `alerts.jsonl` (one alert version per line, fsync'd; compacted on
 * load), `floods.jsonl`, and `detection-state.json` (written whole, atomically: temp file + rename).
 */
export class FileAlertStore extends AlertStore {
  private readonly dir: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    super();
    this.dir = join(dataDir, 'alerts');
  }

  async load(): Promise<AlertStoreContents> {
    await mkdir(this.dir, { recursive: true });
    const alerts = new Map<string, Alert>();
    for (const a of parsed<Alert>(await lines(join(this.dir, 'alerts.jsonl')))) alerts.set(a.id, a);
    const floods = parsed<FloodEvent>(await lines(join(this.dir, 'floods.jsonl')));
    let detection: Record<string, unknown> = {};
    try {
      detection = JSON.parse(await readFile(join(this.dir, 'detection-state.json'), 'utf8')) as Record<string, unknown>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    // compaction: keep only each alert's newest version
    const all = [...alerts.values()];
    await this.atomicWrite('alerts.jsonl', all.map((a) => JSON.stringify(a) + '\n').join(''));
    return { alerts: all, floods, detection };
  }

  saveAlert(a: Alert): Promise<void> {
    return this.append('alerts.jsonl', JSON.stringify(a) + '\n');
  }

  saveFlood(f: FloodEvent): Promise<void> {
    return this.append('floods.jsonl', JSON.stringify(f) + '\n');
  }

  saveDetection(states: Record<string, unknown>): Promise<void> {
    return this.serial(() => this.atomicWrite('detection-state.json', JSON.stringify(states)));
  }

  async close(): Promise<void> {
    await this.queue;
  }

  private append(file: string, text: string): Promise<void> {
    return this.serial(async () => {
      const fh = await open(join(this.dir, file), 'a');
      try {
        await fh.appendFile(text);
        await fh.sync();
      } finally {
        await fh.close();
      }
    });
  }

  private async atomicWrite(file: string, text: string): Promise<void> {
    const tmp = join(this.dir, `${file}.tmp`);
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, file));
  }

  /** one write at a time, in order */
  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

async function lines(path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim().length > 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** A line cut short by a crash mid-append is the only kind that fails to parse: it was never acknowledged. */
function parsed<T>(ls: string[]): T[] {
  const out: T[] = [];
  for (const l of ls) {
    try {
      out.push(JSON.parse(l) as T);
    } catch {
      // torn final write
    }
  }
  return out;
}
