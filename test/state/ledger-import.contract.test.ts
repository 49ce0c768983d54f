import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggedEntry, ManualEntry } from '#contracts';
import { LedgerLog } from '../../apps/server/src/ledger/ledger-log.js';
import { ReportStore } from '../../apps/server/src/ledger/report/report-store.js';
import { importOldFiles } from '../../apps/server/src/state/import-files.js';
import { stateEngines } from './adapters.js';

const T = Date.parse('2026-03-10T08:00:00+08:00');
/** entries as the file-backed log of earlier versions wrote them, one JSON line each */
const old: LoggedEntry[] = [
  {
    kind: 'output',
    plantId: 'p1',
    line: 'kiln',
    product: 'clinker',
    period: '2026-03-09',
    quantity: 120,
    unit: 't',
    by: 'li.wei',
    seq: 1,
    at: T,
  },
  {
    kind: 'factor',
    category: 'electricity',
    quantity: 'grid',
    value: 0.55,
    unit: 'kgCO2/kWh',
    validFrom: '2026-01-01',
    region: 'CN',
    scheme: 'reporting',
    document: 'site audit',
    year: '2026',
    by: 'admin',
    seq: 2,
    at: T + 1,
    factorId: 'site/electricity/grid/2',
    affected: { from: '2026-01-01' },
  },
  {
    kind: 'meter_swap',
    plantId: 'p1',
    meterId: 'm1',
    category: 'electricity',
    ts: '2026-03-09T10:00:00+08:00',
    oldFinal: 51234.5,
    newInitial: 3,
    by: 'wang.fang',
    seq: 3,
    at: T + 2,
    tsMs: Date.parse('2026-03-09T10:00:00+08:00'),
  },
];

function oldLedgerDir(): { dir: string; bytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'qw-old-ledger-'));
  const lines = old.map((e) => JSON.stringify(e) + '\n').join('');
  // a crash cut the last write: never acknowledged, so not imported
  mkdirSync(join(dir, 'ledger', 'reports', '2026-02'), { recursive: true });
  writeFileSync(join(dir, 'ledger', 'entries.jsonl'), `${lines}{"kind":"out`);
  const month = join(dir, 'ledger', 'reports', '2026-02');
  writeFileSync(join(month, 'plant-xa-cement-zh.pdf'), '%PDF-1.4 old');
  writeFileSync(join(month, 'enterprise-91610000MA6TG1234X-en.xlsx'), 'PK old');
  writeFileSync(join(month, 'done'), '2026-03-01T01:00:00.000Z');
  return { dir, bytes: Buffer.byteLength(lines) };
}

describe.each(stateEngines('import of the ledger files'))('importing the ledger’s files into $engine', ({ open }) => {
  it('imports the entry log (seq, time, author kept) and the reports once, then renames them aside', async () => {
    const { dir, bytes } = oldLedgerDir();
    const { state } = await open();
    try {
      expect(await importOldFiles(state, dir)).toEqual({ 'ledger-entries': 3, 'ledger-reports': 2 });
      // room for exactly one more entry after the imported lines
      const { seq: _seq, at: _at, ...entry } = old[0]!;
      const room = Buffer.byteLength(JSON.stringify({ ...entry, seq: 4, at: T + 3 })) + 1;
      const log = new LedgerLog(state, bytes + room);
      await log.sync();
      expect(log.all()).toEqual(old);
      expect(log.book().factors.at(-1)).toMatchObject({ id: 'site/electricity/grid/2', value: 0.55 });
      // the log goes on after the imported entries, and the imported lines count towards its bound
      expect((await log.append(entry as ManualEntry, T + 3)).seq).toBe(4);
      await expect(log.append(entry as ManualEntry, T + 4)).rejects.toMatchObject({ reason: 'LEDGER_LOG_FULL' });

      const reports = new ReportStore(state);
      expect((await reports.list()).map((r) => [r.level, r.id, r.lang, r.format, r.trigger, r.generatedAt])).toEqual([
        ['enterprise', '91610000MA6TG1234X', 'en', 'xlsx', 'schedule', Date.parse('2026-03-01T01:00:00Z')],
        ['plant', 'xa-cement', 'zh', 'pdf', 'schedule', Date.parse('2026-03-01T01:00:00Z')],
      ]);
      const pdf = await reports.body({ level: 'plant', id: 'xa-cement', month: '2026-02', lang: 'zh', format: 'pdf' });
      expect(pdf?.toString()).toBe('%PDF-1.4 old');
      // the finished month is not written again by the schedule
      expect(await reports.monthDone('2026-02')).toBe(true);

      for (const f of ['ledger/entries.jsonl', 'ledger/reports']) {
        expect(existsSync(join(dir, f))).toBe(false);
        expect(existsSync(join(dir, `${f}.imported`))).toBe(true);
      }
      expect(await importOldFiles(state, dir)).toEqual({});
      // a crash after the commit and before the rename: the next start only renames
      const again = oldLedgerDir();
      expect(await importOldFiles(state, again.dir)).toEqual({});
      expect(existsSync(join(again.dir, 'ledger/entries.jsonl.imported'))).toBe(true);
      await log.sync();
      expect(log.all()).toHaveLength(4);
    } finally {
      await state.close();
    }
  });
});
