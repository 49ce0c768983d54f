import { compare, periodOf, periodOfLabel, periodsBetween, previousPeriod, samePeriodLastYear } from './index.js';

const iso = (t: number) => new Date(t).toISOString();

describe('periods', () => {
  it('a Shanghai day starts at 16:00 UTC the day before', () => {
    const p = periodOf(Date.parse('2024-03-05T15:59:59Z'), 'day');
    expect([iso(p.start), iso(p.end), p.label, p.date]).toEqual([
      '2024-03-04T16:00:00.000Z',
      '2024-03-05T16:00:00.000Z',
      '2024-03-05',
      '2024-03-05',
    ]);
    expect(periodOf(Date.parse('2024-03-05T16:00:00Z'), 'day').label).toBe('2024-03-06');
  });

  it('15-minute, hourly, monthly and yearly buckets', () => {
    const t = Date.parse('2024-03-05T02:44:59Z'); // 10:44:59 local
    expect(periodOf(t, '15min').label).toBe('2024-03-05T10:30');
    expect(periodOf(t, 'hour').label).toBe('2024-03-05T10:00');
    expect(periodOf(t, 'month')).toMatchObject({ label: '2024-03', date: '2024-03-01' });
    expect(iso(periodOf(t, 'year').start)).toBe('2023-12-31T16:00:00.000Z');
    expect(
      periodsBetween(periodOfLabel('2024-03-05', 'day').start, periodOfLabel('2024-03-05', 'day').end, '15min'),
    ).toHaveLength(96);
    expect(periodsBetween(periodOfLabel('2024', 'year').start, periodOfLabel('2024', 'year').end, 'day')).toHaveLength(
      366,
    );
  });

  it('calendar days in a zone with daylight saving are 23 and 25 hours long', () => {
    const spring = periodOfLabel('2024-03-31', 'day', 'Europe/Berlin');
    const autumn = periodOfLabel('2024-10-27', 'day', 'Europe/Berlin');
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    expect((autumn.end - autumn.start) / 3_600_000).toBe(25);
    expect(periodsBetween(autumn.start, autumn.end, 'hour', 'Europe/Berlin')).toHaveLength(25);
  });

  it('month-on-month and year-on-year', () => {
    const mar = periodOfLabel('2024-03', 'month');
    expect(previousPeriod(mar).label).toBe('2024-02');
    expect(samePeriodLastYear(mar).label).toBe('2023-03');
    expect(previousPeriod(periodOfLabel('2024-01', 'month')).label).toBe('2023-12');
    expect(samePeriodLastYear(periodOfLabel('2024-02-29', 'day')).label).toBe('2023-02-28');
    expect(previousPeriod(periodOfLabel('2024-03-01T00:00', '15min')).label).toBe('2024-02-29T23:45');
    expect(compare(110, 100)).toEqual({ current: 110, previous: 100, change: 10, changePct: 10 });
    expect(compare(5, 0)).toEqual({ current: 5, previous: 0, change: 5 });
    expect(compare(5, undefined)).toEqual({ current: 5 });
  });

  it('rejects a bad label or zone', () => {
    expect(() => periodOfLabel('2024-13', 'month')).toThrow(RangeError);
    expect(() => periodOf(0, 'day', 'Mars/Olympus')).toThrow(RangeError);
  });
});
