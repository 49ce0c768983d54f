import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { LedgerResponse } from '#contracts';
import type { AppConfig } from '../../config/config.js';
import { FleetRegistry } from '../../fleet/fleet-registry.js';
import type { LedgerService } from '../ledger.service.js';
import { ReportsService } from './reports.service.js';
import type { MonthlyReport } from './monthly.js';

/** The ledger's answer for any month: one period with nothing in it (the schedule is what is tested here). */
const ledger = {
  zone: 'Asia/Shanghai',
  query: async (q: { level: string; id: string }): Promise<LedgerResponse> => ({
    level: q.level as LedgerResponse['level'],
    id: q.id,
    granularity: 'month',
    zone: 'Asia/Shanghai',
    devices: [],
    problems: [],
    periods: [{ label: '2026-10', start: 0, end: 1, kgce: 0, tCo2: 0, tCo2Biogenic: 0, categories: [], outputs: [] }],
  }),
} as unknown as LedgerService;

/** The .xlsx as the service writes it; the PDF (Chromium) stands in as its report's subject */
class Reports extends ReportsService {
  rendered = 0;
  override async render(r: MonthlyReport, format: 'xlsx' | 'pdf'): Promise<Buffer> {
    this.rendered++;
    return format === 'xlsx' ? super.render(r, 'xlsx') : Buffer.from(`%PDF- ${JSON.stringify(r).length}`);
  }
}

describe('monthly reports on a schedule', () => {
  const fleet = new FleetRegistry({
    plants: [
      { id: 'p1', name: 'P1', enterprise: 'e1' },
      { id: 'p2', name: 'P2', enterprise: 'e1' },
    ],
    devices: [],
  });
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'qw-reports-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes last month once for every plant and enterprise, both languages and formats, and keeps 24 months', async () => {
    const reports = new Reports({ dataDir: dir } as AppConfig, ledger, fleet, pino({ level: 'silent' }));
    const now = Date.parse('2026-11-01T01:00:00+08:00');
    await reports.scheduled(now);
    const month = join(dir, 'ledger', 'reports', '2026-10');
    expect(readdirSync(month).sort()).toEqual(
      [
        'done',
        ...['plant-p1', 'plant-p2', 'enterprise-e1'].flatMap((s) =>
          ['zh', 'en'].flatMap((l) => [`${s}-${l}.xlsx`, `${s}-${l}.pdf`]),
        ),
      ].sort(),
    );
    expect(reports.rendered).toBe(12);
    // the hourly check finds the month done and writes nothing again
    await reports.scheduled(now + 3_600_000);
    expect(reports.rendered).toBe(12);
    // older months beyond 24 are removed when a new month is written
    for (let i = 0; i < 30; i++)
      mkdirSync(join(dir, 'ledger', 'reports', `2020-${String((i % 12) + 1).padStart(2, '0')}`), { recursive: true });
    for (let i = 0; i < 12; i++)
      mkdirSync(join(dir, 'ledger', 'reports', `2021-${String(i + 1).padStart(2, '0')}`), { recursive: true });
    await reports.scheduled(Date.parse('2026-12-01T01:00:00+08:00'));
    const kept = readdirSync(join(dir, 'ledger', 'reports')).sort();
    expect(kept).toHaveLength(24);
    expect(kept.at(-1)).toBe('2026-11');
    expect(kept).toContain('2026-10');
  });
});
