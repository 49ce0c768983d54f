import pino from 'pino';
import type { LedgerResponse } from '#contracts';
import type { AppConfig } from '../../apps/server/src/config/config.js';
import { FleetRegistry } from '../../apps/server/src/fleet/fleet-registry.js';
import type { LedgerService } from '../../apps/server/src/ledger/ledger.service.js';
import { ReportsService } from '../../apps/server/src/ledger/report/reports.service.js';
import type { MonthlyReport } from '../../apps/server/src/ledger/report/monthly.js';
import type { StateDb } from '../../apps/server/src/state/state-db.js';
import { stateEngines } from './adapters.js';

/** The ledger's answer for any month: one period with nothing in it (the schedule is what is tested here). */
const ledger = {
  zone: 'Asia/Shanghai',
  query: async (q: { level: string; id: string }): Promise<LedgerResponse> => {
    // a month's figures take a while: a second process's pass overlaps the first one's
    await new Promise((r) => setTimeout(r, 20));
    return {
      level: q.level as LedgerResponse['level'],
      id: q.id,
      granularity: 'month',
      zone: 'Asia/Shanghai',
      devices: [],
      problems: [],
      periods: [{ label: '2026-10', start: 0, end: 1, kgce: 0, tCo2: 0, tCo2Biogenic: 0, categories: [], outputs: [] }],
    };
  },
} as unknown as LedgerService;

/** The .xlsx as the service writes it; the PDF (Chromium) stands in as its report's subject */
class Reports extends ReportsService {
  rendered = 0;
  override async render(r: MonthlyReport, format: 'xlsx' | 'pdf'): Promise<Buffer> {
    this.rendered++;
    return format === 'xlsx' ? super.render(r, 'xlsx') : Buffer.from(`%PDF- ${r.subject} ${r.lang}`);
  }
}

const fleet = new FleetRegistry({
  plants: [
    { id: 'p1', name: 'P1', enterprise: 'e1' },
    { id: 'p2', name: 'P2', enterprise: 'e1' },
  ],
  devices: [],
});
const reportsOn = (state: StateDb) =>
  new Reports({ dataDir: '/nonexistent' } as AppConfig, ledger, fleet, pino({ level: 'silent' }), state);
const NOV_1 = Date.parse('2026-11-01T01:00:00+08:00');
const SUBJECTS = ['plant/p1', 'plant/p2', 'enterprise/e1'];

describe.each(stateEngines('ledger reports contract'))(
  'monthly reports in the state store on $engine',
  ({ engine, open }) => {
    it('writes last month once for every plant and enterprise, both languages and formats, with its bytes, and keeps 24 months', async () => {
      const { state } = await open();
      try {
        const reports = reportsOn(state);
        await reports.scheduled(NOV_1);
        const issued = await reports.store.list();
        expect(issued.map((r) => `${r.level}/${r.id}/${r.lang}.${r.format}`).sort()).toEqual(
          SUBJECTS.flatMap((s) => ['zh', 'en'].flatMap((l) => [`${s}/${l}.xlsx`, `${s}/${l}.pdf`])).sort(),
        );
        expect(issued.every((r) => r.month === '2026-10' && r.trigger === 'schedule' && r.bytes > 0)).toBe(true);
        expect(reports.rendered).toBe(12);
        const pdf = await reports.store.body({ level: 'plant', id: 'p2', month: '2026-10', lang: 'zh', format: 'pdf' });
        expect(pdf?.toString()).toBe('%PDF- 工厂: P2 zh');
        const xlsx = await reports.store.body({
          level: 'enterprise',
          id: 'e1',
          month: '2026-10',
          lang: 'en',
          format: 'xlsx',
        });
        expect(xlsx?.subarray(0, 2).toString()).toBe('PK'); // a zip, as .xlsx is
        // the hourly check finds the month done and writes nothing again, in this process or a restarted one
        await reports.scheduled(NOV_1 + 3_600_000);
        await reportsOn(state).scheduled(NOV_1 + 7_200_000);
        expect(reports.rendered).toBe(12);
        // months beyond the newest 24 go when a new month is written
        for (let i = 0; i < 30; i++) {
          const month = `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
          await reports.store.keep(
            { level: 'plant', id: 'p1', month, lang: 'zh', format: 'xlsx', trigger: 'demand', generatedAt: 1 },
            Buffer.from('x'),
          );
        }
        await reports.scheduled(Date.parse('2026-12-01T01:00:00+08:00'));
        const months = [...new Set((await reports.store.list()).map((r) => r.month))];
        expect(months).toHaveLength(24);
        expect(months[0]).toBe('2026-11');
        expect(months).toContain('2026-10');
        expect(months.at(-1)).toBe('2020-09'); // 2020-01 … 2022-06 and the two written: the oldest 8 went
      } finally {
        await state.close();
      }
    });

    if (engine === 'postgres')
      it('two processes on one store: one writes the month, the other skips it', async () => {
        const a = await open();
        const b = await open({ same: a.where });
        try {
          const [ra, rb] = [reportsOn(a.state), reportsOn(b.state)];
          await Promise.all([ra.scheduled(NOV_1), rb.scheduled(NOV_1)]);
          // the one that skipped while the other held the pass finds the month done at its next check
          await Promise.all([ra.scheduled(NOV_1 + 3_600_000), rb.scheduled(NOV_1 + 3_600_000)]);
          expect(ra.rendered + rb.rendered).toBe(12);
          expect(await ra.store.list()).toHaveLength(12);
        } finally {
          await b.state.close();
          await a.state.close();
        }
      });
  },
);
