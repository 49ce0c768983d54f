/**
 * npm run bench:store:embedded — the embedded store's write rate, sealing, restart and query times over one million
 * readings (12 devices at 1 Hz for 23 hours, about a day of the demo plant), in a temporary data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import { EmbeddedStore } from '../../apps/server/src/store/embedded/embedded-store.js';
import { cli } from '../lib/cli.js';

cli(
  process.argv.slice(2),
  'npm run bench:store:embedded',
  "The embedded store's write rate, sealing, restart and query times over one million readings. No options.",
  {},
  () => undefined,
);

const N = 1_000_000;
const B = 5_000;
const D = 12;

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await fn();
  console.log(`  ${label.padEnd(52)} ${Math.round(performance.now() - t).toLocaleString('en-US')} ms`);
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qw-embedded-bench-'));
  const t0 = Date.now() - 3_600_000 - Math.ceil(N / D) * 1000;
  const batch = (i: number): Reading[] =>
    Array.from({ length: B }, (_, j) => ({
      plantId: 'p1',
      deviceId: `m${(i + j) % D}`,
      class: 'motor' as const,
      ts: t0 + Math.floor((i + j) / D) * 1000,
      metrics: { active_power: 40, current: 80, voltage: 380, power_factor: 0.9 },
    }));
  try {
    console.log(`embedded store: ${N.toLocaleString('en-US')} readings in batches of ${B}`);
    let s = new EmbeddedStore(dir);
    await s.init();
    const t = performance.now();
    for (let i = 0; i < N; i += B) await s.write(batch(i));
    console.log(
      `  ${'write (fsync per batch)'.padEnd(52)} ${Math.round(N / ((performance.now() - t) / 1000)).toLocaleString('en-US')} readings/s`,
    );
    await timed('seal the closed hours into rollup files', () => s.sweep());
    await s.close();
    s = new EmbeddedStore(dir);
    await timed('restart after a clean stop', () => s.init());
    const now = Date.now();
    await timed('24 h at 1-minute resolution, one device', () =>
      s.aggregate({ plantId: 'p1', deviceId: 'm1', from: now - 86_400_000, to: now }, '1m'),
    );
    await timed('2 h raw, one device', () =>
      s.range({ plantId: 'p1', deviceId: 'm1', from: now - 7_200_000, to: now }),
    );
    await s.close();
    rmSync(join(dir, 'store/newest.json'));
    const c = new EmbeddedStore(dir);
    await timed('restart with no snapshot (worst case: reads the log)', () => c.init());
    await c.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
