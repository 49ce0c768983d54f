import { appendFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import { Spool, type SpoolEntry } from './spool.js';
import { encodeBlock, type SpooledMessage } from './spool-block.js';

const reading = (ts: number, deviceId = 'm1'): Reading => ({
  plantId: 'p1',
  deviceId,
  class: 'motor',
  ts,
  metrics: { active_power: 40 },
});

/** test messages carry their readings as JSON; the real spool is given the ingest decoder */
const entry = (...readings: Reading[]): SpoolEntry => ({
  topic: 'qinwatt/p1/devices/m1/telemetry',
  receivedAt: 0,
  payload: Buffer.from(JSON.stringify(readings)),
  readings,
});
const decode = (m: SpooledMessage) => ({ readings: JSON.parse(m.payload.toString()) as Reading[], rejections: [] });

const segments = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('seg-'));

describe('Spool', () => {
  it('reads back in order, releases, and deletes segments once stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-spool-'));
    const spool = new Spool({ dir, maxBytes: 64 * 1024, decode }); // 16 KiB segments
    await spool.open();
    for (let i = 0; i < 400; i++) await spool.append(entry(reading(i)));
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
    const first = new Spool({ dir, maxBytes: 1024 * 1024, decode });
    await first.open();
    for (let i = 0; i < 10; i++) await first.append(entry(reading(i), reading(i, 'm2')));
    const part = await first.read(6);
    first.release(part.end, part.readings.length);
    await first.close(); // a crash leaves the same files: every append was fsynced
    const torn = encodeBlock([{ ...entry(reading(50)), readings: 1 }]);
    appendFileSync(join(dir, segments(dir).at(-1)!), torn.subarray(0, torn.length - 9)); // never acknowledged

    const second = new Spool({ dir, maxBytes: 1024 * 1024, decode });
    await second.open();
    expect(second.pendingReadings).toBe(14);
    const rest = await second.read(1000);
    expect(rest.readings.map((r) => `${r.deviceId}@${r.ts}`)).toEqual(
      [3, 4, 5, 6, 7, 8, 9].flatMap((i) => [`m1@${i}`, `m2@${i}`]),
    );
    await second.append(entry(reading(99)));
    expect((await second.read(1000)).readings.map((r) => r.ts)).toEqual([99]); // from memory
    second.rewind(); // a failed store write: everything since the checkpoint is read again, from disk
    expect((await second.read(1000)).readings).toHaveLength(15);
    await second.close();
  });

  it('past its bound, makes appends wait (or refuses them when asked not to wait) until space is released', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-spool-'));
    const spool = new Spool({ dir, maxBytes: 64 * 1024, decode });
    await spool.open();
    while (!spool.full) await spool.append(entry(reading(spool.pendingReadings)));
    expect(await spool.append(entry(reading(-1)), false)).toBe(false);
    let done = false;
    const waiting = spool.append(entry(reading(1e6))).then(() => (done = true));
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
    const spool = new Spool({ dir, maxBytes: 1024 * 1024, memoryBytes: 1000, decode });
    await spool.open();
    for (let i = 0; i < 40; i++) await spool.append(entry(reading(i))); // about 100 bytes a line: most spill
    const seen: number[] = [];
    while (spool.hasUnread()) {
      const batch = await spool.read(7);
      seen.push(...batch.readings.map((r) => r.ts));
      spool.release(batch.end, batch.readings.length);
    }
    expect(seen).toEqual([...Array(40).keys()]);
    await spool.append(entry(reading(40)));
    // caught up: the next commit is handed over from memory, even with the file gone
    for (const f of segments(dir)) appendFileSync(join(dir, f), 'garbage that the writer must not read\n');
    expect((await spool.read(7)).readings.map((r) => r.ts)).toEqual([40]);
    await spool.close();
  });

  it('reads back from disk a block larger than its read chunk, and reports a message that decodes differently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-spool-'));
    const first = new Spool({ dir, maxBytes: 64 * 1024 * 1024, decode });
    await first.open();
    const many = Array.from({ length: 60_000 }, (_, i) => reading(i)); // about 6 MB in one message
    await first.append(entry(...many));
    await first.append({ ...entry(reading(1), reading(2)), readings: [reading(1), reading(2), reading(3)] });
    await first.close();

    const mismatches: Array<[number, number]> = [];
    const second = new Spool({
      dir,
      maxBytes: 64 * 1024 * 1024,
      decode,
      onReplayMismatch: (m, d) => mismatches.push([m.readings, d.readings.length]),
    });
    await second.open();
    expect(second.pendingReadings).toBe(60_003);
    const batch = await second.read(100_000);
    expect(batch.readings).toHaveLength(60_002);
    expect(batch.readings[59_999].ts).toBe(59_999);
    expect(mismatches).toEqual([[3, 2]]);
    await second.close();
  });

  it('replays a backlog left in the earlier one-line-per-message format, then appends in the current one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-spool-'));
    const old = [reading(1), reading(2), reading(3)].map((r) => JSON.stringify({ r: [r] }) + '\n').join('');
    writeFileSync(join(dir, 'seg-000000000001.log'), old);
    const spool = new Spool({ dir, maxBytes: 1024 * 1024, decode });
    await spool.open();
    expect(spool.pendingReadings).toBe(3);
    await spool.append(entry(reading(4)));
    const seen: number[] = [];
    while (spool.hasUnread()) seen.push(...(await spool.read(100)).readings.map((r) => r.ts));
    expect(seen).toEqual([1, 2, 3, 4]);
    await spool.close();
  });
});
