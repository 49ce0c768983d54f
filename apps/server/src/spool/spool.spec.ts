import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import { GroupCommit } from './group-commit.js';
import { Spool } from './spool.js';

const reading = (ts: number, deviceId = 'm1'): Reading => ({
  plantId: 'p1',
  deviceId,
  class: 'motor',
  ts,
  metrics: { active_power: 40 },
});

const segments = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('seg-'));

describe('GroupCommit', () => {
  it('commits everything appended while a commit runs in one next commit', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gc = new GroupCommit<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
    });
    const first = gc.append(0);
    await new Promise((r) => setImmediate(r));
    const rest = [1, 2, 3, 4].map((i) => gc.append(i)); // arrive during the first (held) commit
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[0], [1, 2, 3, 4]]);
  });

  it('rejects every waiter of a failed commit and carries on with the next', async () => {
    let fail = true;
    const gc = new GroupCommit<number>(async () => {
      if (fail) throw new Error('disk full');
    });
    await expect(Promise.all([gc.append(1), gc.append(2)])).rejects.toThrow('disk full');
    fail = false;
    await expect(gc.append(3)).resolves.toBeUndefined();
  });
});

describe('Spool', () => {
  it('reads back in order, releases, and deletes segments once stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-spool-'));
    const spool = new Spool({ dir, maxBytes: 64 * 1024 }); // 16 KiB segments
    await spool.open();
    for (let i = 0; i < 400; i++) await spool.append([reading(i)]);
    expect(segments(dir).length).toBeGreaterThan(1);
    expect(spool.pendingReadings).toBe(400);
    const seen: number[] = [];
    for (;;) {
      const batch = await spool.read(64);
      if (batch.readings.length === 0 && !spool.pendingReadings) break;
      seen.push(...batch.readings.map((r) => r.ts));
      spool.release(batch.end, batch.readings.length);
    }
    expect(seen).toEqual([...Array(400).keys()]);
    expect(spool.pendingBytes).toBe(0);
    expect(segments(dir)).toHaveLength(1); // only the active segment is left
    await spool.close();
  });

  it('replays what was not released after a restart, ignoring a torn last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-spool-'));
    const first = new Spool({ dir, maxBytes: 1024 * 1024 });
    await first.open();
    for (let i = 0; i < 10; i++) await first.append([reading(i), reading(i, 'm2')]);
    const part = await first.read(6);
    first.release(part.end, part.readings.length);
    await first.close(); // a crash leaves the same files: every append was fsynced
    appendFileSync(join(dir, segments(dir).at(-1)!), '{"r":[{"plantId":"p1","dev'); // torn, never acknowledged

    const second = new Spool({ dir, maxBytes: 1024 * 1024 });
    await second.open();
    expect(second.pendingReadings).toBe(14);
    const rest = await second.read(1000);
    expect(rest.readings.map((r) => `${r.deviceId}@${r.ts}`)).toEqual(
      [3, 4, 5, 6, 7, 8, 9].flatMap((i) => [`m1@${i}`, `m2@${i}`]),
    );
    await second.append([reading(99)]);
    expect((await second.read(1000)).readings.map((r) => r.ts)).toEqual([99]); // from memory
    second.rewind(); // a failed store write: everything since the checkpoint is read again, from disk
    expect((await second.read(1000)).readings).toHaveLength(15);
    await second.close();
  });

  it('past its bound, makes appends wait (or refuses them when asked not to wait) until space is released', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-spool-'));
    const spool = new Spool({ dir, maxBytes: 64 * 1024 });
    await spool.open();
    while (!spool.full) await spool.append([reading(spool.pendingReadings)]);
    expect(await spool.append([reading(-1)], false)).toBe(false);
    let done = false;
    const waiting = spool.append([reading(1e6)]).then(() => (done = true));
    expect(spool.waitingForSpace).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    const batch = await spool.read(100_000);
    spool.release(batch.end, batch.readings.length);
    await waiting;
    expect(spool.pendingReadings).toBe(1);
    await spool.close();
  });

  it('keeps readings in memory up to its bound, reads the rest from disk, then uses memory again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-spool-'));
    const spool = new Spool({ dir, maxBytes: 1024 * 1024, memoryBytes: 1000 });
    await spool.open();
    for (let i = 0; i < 40; i++) await spool.append([reading(i)]); // about 100 bytes a line: most spill
    const seen: number[] = [];
    while (spool.hasUnread()) {
      const batch = await spool.read(7);
      seen.push(...batch.readings.map((r) => r.ts));
      spool.release(batch.end, batch.readings.length);
    }
    expect(seen).toEqual([...Array(40).keys()]);
    await spool.append([reading(40)]);
    // caught up: the next commit is handed over from memory, even with the file gone
    for (const f of segments(dir)) appendFileSync(join(dir, f), 'garbage that the writer must not read\n');
    expect((await spool.read(7)).readings.map((r) => r.ts)).toEqual([40]);
    await spool.close();
  });
});
