import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `{ user name: [hash ref, secret digest] }`, both base64url */
type Doc = { version: 1; entries: Record<string, [string, string]> };

/** A short, stable reference to a stored scrypt hash: an entry is valid only while that hash is the identity's. */
export const hashRef = (hash: string): string => createHash('sha256').update(hash).digest('base64url').slice(0, 22);

/**
 * Secrets already verified against an identity's scrypt hash, kept as HMAC-SHA-256 under a key of this data
 * directory and bound to that hash. A reconnect with the same secret, in this process or after a restart, then costs
 * one HMAC (~3 µs) instead of one scrypt (~56 ms of a core): 20,000 devices reconnecting after a restart would
 * otherwise wait ~10 minutes on two cores. A rotated or deleted credential no longer matches its entry.
 *
 * The files (`key`, `known-good.json`, mode 0600) hold no secret; with both, someone who can read the data directory
 * can test guesses of a secret at HMAC speed rather than scrypt speed. Issued secrets are 192 random bits, beyond
 * any guessing; a weak secret chosen by hand is only as safe as this directory (docs/telemetry.md).
 */
export class KnownGood {
  private readonly key: Buffer;
  private readonly entries = new Map<string, { ref: string; digest: Buffer }>();
  private timer?: NodeJS.Timeout;

  /** `dir` undefined: memory only (tests, or no data directory). */
  constructor(
    private readonly dir: string | undefined,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {
    this.key = dir ? this.loadKey(dir) : randomBytes(32);
    if (dir) this.load(join(dir, 'known-good.json'));
  }

  private loadKey(dir: string): Buffer {
    const path = join(dir, 'key');
    try {
      const key = existsSync(path) ? readFileSync(path) : undefined;
      if (key?.length === 32) return key;
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const fresh = randomBytes(32);
      writeFileSync(path, fresh, { mode: 0o600 });
      return fresh;
    } catch (e) {
      // a cache: without its key every secret is checked with scrypt once per process, as before
      this.onError(e as Error);
      return randomBytes(32);
    }
  }

  /** A damaged or foreign file is ignored, never a reason not to boot. */
  private load(path: string): void {
    try {
      if (!existsSync(path)) return;
      const doc = JSON.parse(readFileSync(path, 'utf8')) as Doc;
      if (doc?.version !== 1 || typeof doc.entries !== 'object') return;
      for (const [username, e] of Object.entries(doc.entries))
        if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string')
          this.entries.set(username, { ref: e[0], digest: Buffer.from(e[1], 'base64url') });
    } catch (e) {
      this.onError(e as Error);
    }
  }

  digest(secret: string): Buffer {
    return createHmac('sha256', this.key).update(secret).digest();
  }

  matches(username: string, hash: string, digest: Buffer): boolean {
    const e = this.entries.get(username);
    return !!e && e.ref === hashRef(hash) && e.digest.length === digest.length && timingSafeEqual(e.digest, digest);
  }

  remember(username: string, hash: string, digest: Buffer): void {
    this.entries.set(username, { ref: hashRef(hash), digest });
    this.schedule();
  }

  forget(username: string): void {
    if (this.entries.delete(username)) this.schedule();
  }

  /** Keeps only the entries `keep` accepts (those of identities still registered with the same hash). */
  prune(keep: (username: string, ref: string) => boolean): void {
    for (const [username, e] of this.entries) if (!keep(username, e.ref)) this.forget(username);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Saved at most once a second: losing the last second costs one scrypt per device it held, nothing else. */
  private schedule(): void {
    if (!this.dir || this.timer) return;
    this.timer = setTimeout(() => this.flush(), 1000);
    this.timer.unref();
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dir) return;
    const entries: Doc['entries'] = {};
    for (const [u, e] of this.entries) entries[u] = [e.ref, e.digest.toString('base64url')];
    const path = join(this.dir, 'known-good.json');
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileSync(`${path}.tmp`, JSON.stringify({ version: 1, entries } satisfies Doc), { mode: 0o600 });
      renameSync(`${path}.tmp`, path);
    } catch (e) {
      this.onError(e as Error);
    }
  }
}
