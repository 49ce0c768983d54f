import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnownGood } from './known-good.js';

describe('verified-secrets cache', () => {
  it('matches only the same secret under the same hash, and survives a restart without holding the secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-kg-'));
    const a = new KnownGood(dir);
    a.remember('p1/m1', 'hash-A', a.digest('secret-1'));
    expect(a.matches('p1/m1', 'hash-A', a.digest('secret-1'))).toBe(true);
    expect(a.matches('p1/m1', 'hash-A', a.digest('secret-2'))).toBe(false);
    expect(a.matches('p1/m1', 'hash-B', a.digest('secret-1'))).toBe(false); // rotated
    expect(a.matches('p1/m2', 'hash-A', a.digest('secret-1'))).toBe(false);
    a.flush();
    expect(readFileSync(join(dir, 'known-good.json'), 'utf8')).not.toContain('secret-1');
    expect(statSync(join(dir, 'key')).mode & 0o077).toBe(0);

    const b = new KnownGood(dir);
    expect(b.matches('p1/m1', 'hash-A', b.digest('secret-1'))).toBe(true);
    b.prune((username) => username !== 'p1/m1');
    b.flush();
    expect(new KnownGood(dir).size).toBe(0);
  });

  it('ignores a damaged file (a cache is never a reason not to boot)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-kg-'));
    writeFileSync(join(dir, 'known-good.json'), '{"version":1,"entries":{"p1/m1":');
    const errors: Error[] = [];
    const k = new KnownGood(dir, (e) => errors.push(e));
    expect(k.size).toBe(0);
    expect(errors).toHaveLength(1);
    expect(existsSync(join(dir, 'key'))).toBe(true);
  });
});
