import { DateTime } from 'luxon';
import { dueExports, EXPORT_GRACE_MS } from './due.js';
import { exportKey } from './export-log.js';

const ZONE = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

describe('the export schedule', () => {
  const enterprises = [{ id: 'e1', daily: ['drc'], monthly: ['drc', 'centre'] }];

  it('owes every closed day of the previous and current month and the previous month, after the grace period', () => {
    // 3 March 00:30: 2 March closed only half an hour ago, so it waits; February (28 days) and 1 March are due
    const due = dueExports({ now: at('2026-03-03T00:30'), zone: ZONE, enterprises, done: new Set() });
    const days = due.filter((d) => d.kind === 'daily').map((d) => d.period);
    expect(days).toHaveLength(29);
    expect(days[0]).toBe('2026-02-01');
    expect(days.at(-1)).toBe('2026-03-01');
    expect(due.filter((d) => d.kind === 'monthly')).toEqual([
      { enterprise: 'e1', kind: 'monthly', period: '2026-02', subscribers: ['drc', 'centre'] },
    ]);
  });

  it('does not owe again what was queued, only to the platforms that have not had it', () => {
    const done = new Set([
      exportKey('drc', 'e1', 'monthly', '2026-02'),
      ...Array.from({ length: 28 }, (_, i) =>
        exportKey('drc', 'e1', 'daily', `2026-02-${String(i + 1).padStart(2, '0')}`),
      ),
    ]);
    const due = dueExports({ now: at('2026-03-02T01:00') + 1, zone: ZONE, enterprises, done });
    expect(due).toEqual([
      { enterprise: 'e1', kind: 'daily', period: '2026-03-01', subscribers: ['drc'] },
      { enterprise: 'e1', kind: 'monthly', period: '2026-02', subscribers: ['centre'] },
    ]);
  });

  it('owes a month only once it has been closed for the grace period', () => {
    const monthly = (now: number) =>
      dueExports({ now, zone: ZONE, enterprises, done: new Set() }).filter((d) => d.kind === 'monthly');
    expect(monthly(at('2026-03-01T00:00') + EXPORT_GRACE_MS - 1)).toEqual([]);
    expect(monthly(at('2026-03-01T00:00') + EXPORT_GRACE_MS)).toHaveLength(1);
  });
});
