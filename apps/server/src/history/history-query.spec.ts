import { HistoryQuerySchema, parseBody } from '#contracts';
import { chooseResolution, resolveHistoryQuery, rowsFromBuckets, toCsv } from './history-query.js';

/** the query string through its schema (as the validation pipe does), then the range resolved */
function parseHistoryParams(raw: Record<string, string>, now: number) {
  const r = parseBody(HistoryQuerySchema, raw);
  return r.ok ? resolveHistoryQuery(r.value, now) : { problems: r.problems };
}

const NOW = Date.parse('2026-03-01T12:00:00Z');
const H = 3_600_000;

describe('history query', () => {
  it('defaults to the last hour at raw resolution', () => {
    expect(parseHistoryParams({}, NOW)).toEqual({
      query: { from: NOW - H, to: NOW, fields: undefined, resolution: 'raw', series: 'telemetry', format: 'json' },
    });
  });

  it('auto picks raw up to 2 h, 1-minute windows up to 5 days, 1-hour windows beyond', () => {
    expect(chooseResolution(2 * H)).toBe('raw');
    expect(chooseResolution(2 * H + 1)).toBe('1m');
    expect(chooseResolution(120 * H)).toBe('1m');
    expect(chooseResolution(120 * H + 1)).toBe('1h');
  });

  it('accepts ISO times with a zone and metric lists', () => {
    const r = parseHistoryParams(
      { from: '2026-03-01T00:00:00+08:00', to: '2026-03-01T00:00:00Z', metrics: 'active_power, current' },
      NOW,
    );
    expect(r).toMatchObject({ query: { from: NOW - 20 * H, to: NOW - 12 * H, fields: ['active_power', 'current'] } });
    expect(r).toMatchObject({ query: { resolution: '1m' } });
  });

  it('lists every problem at once', () => {
    const r = parseHistoryParams({ from: 'yesterday', resolution: '5m', metrics: 'a;b', format: 'xml' }, NOW);
    expect('problems' in r && r.problems.map((p) => [p.path, p.code])).toEqual([
      ['from', 'INVALID'],
      ['metrics', 'INVALID'],
      ['resolution', 'NOT_ALLOWED'],
      ['format', 'NOT_ALLOWED'],
    ]);
    expect(parseHistoryParams({ from: '0', resolution: 'raw' }, NOW)).toEqual({
      problems: [
        {
          path: 'from',
          code: 'OUT_OF_RANGE',
          message: 'a raw answer covers at most 7 days; ask for a coarser resolution',
        },
      ],
    });
  });

  it('writes CSV with a header row, ISO time and one column per statistic', () => {
    const rows = rowsFromBuckets([{ ts: 0, values: { active_power: { mean: 1.5, min: 1, max: 2, count: 2 } } }]);
    const csv = toCsv({
      plantId: 'p',
      deviceId: 'd',
      series: 'telemetry',
      from: 0,
      to: 60_000,
      resolution: '1m',
      fields: ['active_power'],
      rows,
    });
    expect(csv).toBe(
      'time,ts_ms,active_power_mean,active_power_min,active_power_max,active_power_count\r\n' +
        '1970-01-01T00:00:00.000Z,0,1.5,1,2,2\r\n',
    );
  });
});
