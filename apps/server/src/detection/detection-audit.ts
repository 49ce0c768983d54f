import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DetectionAuditEntry } from '#contracts';
import { AppendLog } from '../alerts/append-log.js';

/** The audit trail of detection actions (re-learns): an fsync'd JSON-lines file, read back at start. */
export class DetectionAudit {
  private readonly path: string;
  private readonly log: AppendLog;
  private entries: DetectionAuditEntry[] = [];

  constructor(dataDir: string) {
    const dir = join(dataDir, 'alerts');
    this.path = join(dir, 'detection-audit.jsonl');
    this.log = new AppendLog(this.path);
  }

  async load(): Promise<void> {
    await mkdir(join(this.path, '..'), { recursive: true });
    const text = await readFile(this.path, 'utf8').catch(() => '');
    this.entries = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        this.entries.push(JSON.parse(line) as DetectionAuditEntry);
      } catch {
        // a torn last line from a crash: skipped (it was never acknowledged)
      }
    }
  }

  /** Resolves once the entry is on disk. */
  async append(e: DetectionAuditEntry): Promise<void> {
    await this.log.append(`${JSON.stringify(e)}\n`);
    this.entries.push(e);
  }

  list(plantId?: string, deviceId?: string): DetectionAuditEntry[] {
    return this.entries.filter((e) => (!plantId || e.plantId === plantId) && (!deviceId || e.deviceId === deviceId));
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
