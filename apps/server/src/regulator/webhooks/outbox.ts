import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebhookEnvelope } from '#contracts';

/** One event owed to one subscriber. */
export interface Delivery {
  id: string;
  subscriberId: string;
  envelope: WebhookEnvelope;
  attempts: number;
  /** wall-clock time of the next attempt, epoch ms */
  nextAt: number;
  lastError?: string;
}

/**
 * The webhook outbox: a delivery is a small file, fsync'd before the first attempt and removed once the receiver
 * answered 2xx, so a restart or a receiver outage loses nothing. Deliveries that exhaust their attempts move to
 * `dead/`, where they stay for inspection (listed by the API). The pending deliveries are also kept in memory, read
 * from disk once at start: the sender looks at them several times a second, and reading thousands of files each
 * time (a receiver down for hours) would hold up ingest and alerts.
 */
export class Outbox {
  private readonly pendingDir: string;
  private readonly deadDir: string;
  /** by id, oldest first (a retry keeps its place: Map.set on a present key does not move it) */
  private readonly pendingById = new Map<string, Delivery>();

  constructor(dataDir: string) {
    this.pendingDir = join(dataDir, 'webhooks', 'pending');
    this.deadDir = join(dataDir, 'webhooks', 'dead');
    mkdirSync(this.pendingDir, { recursive: true });
    mkdirSync(this.deadDir, { recursive: true });
    for (const d of this.read(this.pendingDir)) this.pendingById.set(d.id, d);
  }

  async put(d: Delivery): Promise<void> {
    const file = join(this.pendingDir, `${d.id}.json`);
    const tmp = `${file}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(d));
      await fh.sync();
    } finally {
      await fh.close();
    }
    renameSync(tmp, file);
    this.pendingById.set(d.id, d);
  }

  done(id: string): void {
    rmSync(join(this.pendingDir, `${id}.json`), { force: true });
    this.pendingById.delete(id);
  }

  /** Moves a delivery, with its last error, to the dead letters. */
  async kill(d: Delivery): Promise<void> {
    const dead = join(this.deadDir, `${d.id}.json`);
    const fh = await open(`${dead}.tmp`, 'w');
    try {
      await fh.writeFile(JSON.stringify(d));
      await fh.sync();
    } finally {
      await fh.close();
    }
    renameSync(`${dead}.tmp`, dead);
    this.done(d.id);
  }

  /** oldest first */
  pending(): Delivery[] {
    return [...this.pendingById.values()];
  }

  dead(): Delivery[] {
    return this.read(this.deadDir);
  }

  private read(dir: string): Delivery[] {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Delivery)
      .sort((a, b) => a.envelope.createdAt - b.envelope.createdAt || a.id.localeCompare(b.id));
  }
}
