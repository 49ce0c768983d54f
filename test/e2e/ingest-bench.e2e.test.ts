import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** A 5-second smoke run of `npm run bench:ingest`: the program works and its own check (stored == acked) holds. */
describe('bench:ingest smoke run', () => {
  it('floods for 5 s over real MQTT and finds stored == acknowledged', () => {
    const r = spawnSync(
      process.execPath,
      [join(process.cwd(), 'dist/bench/ingest/ingest-bench.js'), '--duration', '5', '--connections', '10'],
      { env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).not.toContain('bench:ingest failed');
    const out = JSON.parse(r.stdout) as { acknowledged: number; storedEqualsAcknowledged: boolean; failed: number };
    expect(out.acknowledged).toBeGreaterThan(0);
    expect(out).toMatchObject({ failed: 0, storedEqualsAcknowledged: true });
    expect(r.status).toBe(0);
  }, 70_000);
});
