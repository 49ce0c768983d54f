import { LocalDays, localDate } from './day-cache.js';

describe('LocalDays: the plant-local date of an instant, remembering the last day', () => {
  it.each(['Asia/Shanghai', 'America/New_York', 'Europe/London', 'UTC'])(
    'agrees with a full time-zone conversion every 7 minutes across two DST changes (%s)',
    (zone) => {
      const days = new LocalDays(zone);
      const from = Date.parse('2026-03-07T00:00:00Z');
      const to = Date.parse('2026-04-02T00:00:00Z');
      for (let t = from; t < to; t += 7 * 60_000) expect(days.dateOf(t)).toBe(localDate(t, zone));
    },
  );

  it('jumps back and forth between days as late readings do', () => {
    const days = new LocalDays('Asia/Shanghai');
    const t = Date.parse('2026-11-26T15:59:59.999Z'); // 23:59:59.999 in Shanghai
    expect(days.dateOf(t)).toBe('2026-11-26');
    expect(days.dateOf(t + 1)).toBe('2026-11-27');
    expect(days.dateOf(t - 86_400_000)).toBe('2026-11-25');
    expect(days.dateOf(t)).toBe('2026-11-26');
  });
});
