import type { ManualEntry } from '#contracts';
import { LoggedEntrySchema } from '#contracts';
import { LedgerLog, LedgerLogFull } from '../../apps/server/src/ledger/ledger-log.js';
import { stateEngines } from './adapters.js';

const T = Date.parse('2026-03-10T08:00:00+08:00');
const output = (quantity: number, by = 'li.wei'): ManualEntry => ({
  kind: 'output',
  plantId: 'p1',
  line: 'kiln',
  product: 'clinker',
  period: '2026-03-09',
  quantity,
  unit: 't',
  by,
});
const factor = (value: number, by = 'admin'): ManualEntry => ({
  kind: 'factor',
  category: 'electricity',
  quantity: 'grid',
  value,
  unit: 'kgCO2/kWh',
  validFrom: '2026-01-01',
  region: 'CN',
  scheme: 'reporting',
  document: 'site audit',
  year: '2026',
  by,
});
const MAX = 64 * 1024 * 1024;

describe.each(stateEngines('ledger entry log contract'))('the ledger entry log on $engine', ({ engine, open }) => {
  it('logs each entry with its seq, time and author, keeps it across a restart, and answers it as the API schema says', async () => {
    const a = await open();
    try {
      const log = new LedgerLog(a.state, MAX);
      await log.sync();
      const first = await log.append(output(10), T);
      const second = await log.append({ ...output(11), note: 'weighbridge' }, T + 1);
      expect([first.seq, second.seq]).toEqual([1, 2]);
      expect(second).toMatchObject({ by: 'li.wei', at: T + 1, quantity: 11, note: 'weighbridge' });
      const again = new LedgerLog(a.state, MAX);
      await again.sync();
      expect(again.all()).toEqual([first, second]);
      for (const e of again.all()) expect(LoggedEntrySchema.parse(e)).toEqual(e);
      const rows = await a.state.db.selectFrom('ledger_entries').select(['seq', 'by', 'kind', 'plant_id']).execute();
      expect(rows).toEqual([
        { seq: 1, by: 'li.wei', kind: 'output', plant_id: 'p1' },
        { seq: 2, by: 'li.wei', kind: 'output', plant_id: 'p1' },
      ]);
    } finally {
      await a.state.close();
    }
  });

  it('refuses an entry beyond the bound with LEDGER_LOG_FULL and keeps what it holds; the bound counts every process', async () => {
    const a = await open();
    const b = await open({ same: a.where });
    try {
      const size = Buffer.byteLength(JSON.stringify({ ...output(1), seq: 1, at: T })) + 1;
      const logA = new LedgerLog(a.state, size * 2 + 10);
      const logB = new LedgerLog(b.state, size * 2 + 10);
      await logA.append(output(1), T);
      await logB.append(output(2), T);
      const refused = await logA.append(output(3), T).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(LedgerLogFull);
      expect(refused).toMatchObject({ status: 507, reason: 'LEDGER_LOG_FULL' });
      await logA.sync();
      expect(logA.all().map((e) => e.seq)).toEqual([1, 2]);
      expect(await a.state.db.selectFrom('ledger_entries').select('seq').execute()).toHaveLength(2);
    } finally {
      await b.state.close();
      await a.state.close();
    }
  });

  it("a second process sees the first one's entries, and their seqs interleave without gaps or repeats", async () => {
    const a = await open();
    const b = await open({ same: a.where });
    try {
      const logA = new LedgerLog(a.state, MAX);
      const logB = new LedgerLog(b.state, MAX);
      await Promise.all([logA.sync(), logB.sync()]);
      const f1 = await logA.append(factor(0.5), T);
      // B has not read since: its factor displaces A's, which it learns inside its own append
      const f2 = await logB.append(factor(0.6, 'wang.fang'), T + 1);
      expect(f2.seq).toBe(2);
      expect(f2.replaces).toEqual({ id: f1.factorId, value: 0.5, unit: 'kgCO2/kWh' });
      expect(logB.all().map((e) => e.seq)).toEqual([1, 2]);
      await logA.sync();
      expect(logA.book().factors.at(-1)).toMatchObject({ id: f2.factorId, value: 0.6 });
      // many at once (from both processes on PostgreSQL; the embedded store belongs to one process): every seq once
      const writer = (i: number) => (i % 2 && engine === 'postgres' ? logA : logB);
      await Promise.all(Array.from({ length: 20 }, (_, i) => writer(i).append(output(i, `u${i % 2}`), T + i)));
      await Promise.all([logA.sync(), logB.sync()]);
      const seqs = logA.all().map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
      expect(logB.all()).toEqual(logA.all());
    } finally {
      await b.state.close();
      await a.state.close();
    }
  });
});
