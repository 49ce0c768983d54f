import { execFileSync } from 'node:child_process';
import { appendFileSync, createReadStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Alert } from '#contracts';
import { AlertBook } from './alert-book.js';
import { FileAlertStore, snapshotChunks } from './file-alert-store.js';

const alert = (id: string, state: Alert['state']): Alert => ({
  id,
  plantId: 'p1',
  deviceId: 'm1',
  class: 'motor',
  rule: 'drift.cusum',
  kind: 'drift',
  priority: 'low',
  state,
  openedAt: 1,
  message: { en: 'm', zh: 'm' },
  evidence: {},
  flags: {},
  history: [{ state: 'open', at: 1, by: 'system' }],
});

/** What the next start reads (the store it opens is closed again). */
async function reload(dir: string) {
  const store = new FileAlertStore(dir);
  const contents = await store.load();
  await store.close();
  return contents;
}

describe('FileAlertStore', () => {
  it('keeps the newest version of each alert, the detection state, and survives a torn final line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-alerts-'));
    const a = new FileAlertStore(dir);
    await a.load();
    await a.saveAlert(alert('x', 'open'));
    await a.saveAlert(alert('x', 'acknowledged'));
    await a.saveAlert(alert('y', 'open'));
    await a.saveFlood({ plantId: 'p1', active: true, at: 5, count: 11 });
    await a.saveDetection({ 'p1/m1': { v: 1, coef: [1, 2] } });
    await a.close();
    appendFileSync(join(dir, 'alerts', 'alerts.jsonl'), '{"id":"z","sta'); // a crash mid-append

    const b = await reload(dir);
    expect(b.alerts.map((x) => [x.id, x.state]).sort()).toEqual([
      ['x', 'acknowledged'],
      ['y', 'open'],
    ]);
    expect(b.floods).toEqual([{ plantId: 'p1', active: true, at: 5, count: 11 }]);
    expect(b.detection).toEqual({ 'p1/m1': { v: 1, coef: [1, 2] } });
  });

  it('keeps every acknowledged alert version, in order, when saved together and the process dies without closing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-alerts-'));
    const a = new FileAlertStore(dir);
    await a.load();
    await Promise.all([
      a.saveAlert(alert('x', 'open')),
      a.saveAlert(alert('y', 'open')),
      a.saveAlert(alert('x', 'acknowledged')),
      a.saveAlert(alert('x', 'resolved')),
    ]);
    // no close(): a crash right after the saves resolved
    const b = await reload(dir);
    expect(b.alerts.map((x) => [x.id, x.state]).sort()).toEqual([
      ['x', 'resolved'],
      ['y', 'open'],
    ]);
    await a.close();
  });

  it('does not make an alert wait behind a detection snapshot that is still being written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-alerts-'));
    const store = new FileAlertStore(dir);
    await store.load();
    // the snapshot's temp file is a FIFO: writing it blocks until someone reads, like a very slow disk
    const fifo = join(dir, 'alerts', 'detection-state.json.tmp');
    execFileSync('mkfifo', [fifo]);
    const snapshot = store.saveDetection({ 'p1/m1': { v: 1 } }).then(
      () => 'snapshot',
      () => 'snapshot', // fsync on a FIFO fails: that is fine here
    );
    const saved = store.saveAlert(alert('x', 'open')).then(() => 'alert');
    // (the timer only keeps a regression from hanging the suite: it is no speed limit)
    let timer: NodeJS.Timeout | undefined;
    const neither = new Promise((r) => (timer = setTimeout(() => r('neither'), 10_000)));
    const first = await Promise.race([saved, snapshot, neither]);
    clearTimeout(timer);
    createReadStream(fifo).resume(); // let the snapshot go
    await Promise.all([saved, snapshot]);
    expect(first).toBe('alert');
    await store.close();
    const b = await reload(dir);
    expect(b.alerts.map((x) => x.id)).toEqual(['x']);
  });
});

describe('snapshotChunks', () => {
  it('writes exactly what JSON.stringify would, however the pieces fall', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.option(fc.jsonValue(), { nil: undefined })),
        fc.integer({ min: 1, max: 64 }),
        (states, size) => {
          expect([...snapshotChunks(states, size)].join('')).toBe(JSON.stringify(states));
        },
      ),
    );
  });
});

describe('FileAlertStore: a change costs its own audit entries', () => {
  it('writes 600 changes of one alert as small lines, and loads it back as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-alerts-'));
    const store = new FileAlertStore(dir);
    await store.load();
    const book = new AlertBook();
    const device = { id: 'm1', plantId: 'p1', class: 'motor' as const, name: 'm1', nameplate: {} };
    const opened = {
      type: 'open' as const,
      rule: 'drift.cusum' as const,
      kind: 'drift' as const,
      priority: 'low' as const,
    };
    const [a] = book.open(device, { ...opened, ts: 1, message: { en: 'm', zh: 'm' }, evidence: {} }, 1).alerts;
    await store.saveAlert(a);
    const reason = 'r'.repeat(1000);
    for (let i = 0; i < 300; i++) {
      await store.saveAlert(book.shelve(a.id, 'li', reason, 60_000, 10 + 2 * i));
      await store.saveAlert(book.unshelve(a.id, 'li', reason, 11 + 2 * i));
    }
    await store.close();
    // each line holds one entry (~1 kB of reason), not the whole trail again (which made 27 MB lines)
    expect(statSync(join(dir, 'alerts', 'alerts.jsonl')).size).toBeLessThan(601 * 3000);

    const back = await reload(dir);
    expect(back.alerts).toEqual([JSON.parse(JSON.stringify(book.get(a.id)))]);
    // compacted on load: one line, bounded by the audit trail's limits
    expect(statSync(join(dir, 'alerts', 'alerts.jsonl')).size).toBeLessThan(60 * 3000);
    expect((await reload(dir)).alerts).toEqual(back.alerts);
  });
});

describe('FileAlertStore: compaction while running', () => {
  it('rewrites alerts.jsonl when it has grown, and what it holds loads back unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-alerts-'));
    const store = new FileAlertStore(dir);
    await store.load();
    const book = new AlertBook();
    const device = { id: 'm1', plantId: 'p1', class: 'motor' as const, name: 'm1', nameplate: {} };
    const opened = {
      type: 'open' as const,
      rule: 'drift.cusum' as const,
      kind: 'drift' as const,
      priority: 'low' as const,
    };
    const [a] = book.open(device, { ...opened, ts: 1, message: { en: 'm', zh: 'm' }, evidence: {} }, 1).alerts;
    await store.saveAlert(a);
    const reason = 'r'.repeat(1000);
    let largest = 0;
    // ~2 kB a change: 20,000 changes are ~40 MB appended, past the 16 MiB threshold; saved in groups, as they come
    for (let i = 0; i < 10_000; i += 50) {
      const saves: Array<Promise<void>> = [];
      for (let j = i; j < i + 50; j++) {
        saves.push(store.saveAlert(book.shelve(a.id, 'li', reason, 60_000, 10 + 2 * j)));
        saves.push(store.saveAlert(book.unshelve(a.id, 'li', reason, 11 + 2 * j)));
      }
      await Promise.all(saves);
      largest = Math.max(largest, statSync(join(dir, 'alerts', 'alerts.jsonl')).size);
    }
    await store.close();
    expect(largest).toBeLessThan(17 * 1024 * 1024);
    const back = await reload(dir);
    expect(back.alerts).toEqual([JSON.parse(JSON.stringify(book.get(a.id)))]);
  });
});
