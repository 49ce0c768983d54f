import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DeviceSpec } from '#contracts';

/** Changes made through the API: device records by `{plantId}/{id}` (null = deleted) and secret hashes. */
export interface OverlayDoc {
  version: 1;
  devices: Record<string, DeviceSpec | null>;
  secrets: Record<string, string>;
}

const empty = (): OverlayDoc => ({ version: 1, devices: {}, secrets: {} });

/**
 * The registry's changes, persisted in the data directory as one JSON file replaced atomically
 * (write, fsync, rename), so a crash leaves either the old or the new registry, never half of one.
 */
export class FleetOverlay {
  readonly path: string;
  private doc?: OverlayDoc;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'fleet-registry.json');
  }

  load(): OverlayDoc {
    if (!this.doc) {
      if (existsSync(this.path)) {
        const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as OverlayDoc;
        if (parsed.version !== 1) throw new Error(`${this.path}: unsupported version ${parsed.version}`);
        this.doc = { ...empty(), ...parsed };
      } else this.doc = empty();
    }
    return this.doc;
  }

  /** Applies `change` and writes the result; if writing fails, neither the file nor the document has changed. */
  save(change: (doc: OverlayDoc) => void): void {
    const doc = structuredClone(this.load());
    change(doc);
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(doc, null, 1));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    this.doc = doc;
  }
}
