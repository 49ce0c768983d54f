import { continuousQuery, DEFAULT_RETENTION, latestQuery, quoteIdent, quoteString, rawQuery } from './influxql.js';
import { parseBuckets } from './results.js';

describe('InfluxQL text', () => {
  it('quotes identifiers and string literals so a device id cannot break out of the query', () => {
    expect(quoteIdent('a"b')).toBe('"a\\"b"');
    expect(quoteString("x' OR 1=1 --")).toBe("'x\\' OR 1=1 --'");
    expect(rawQuery('qw_raw', 'telemetry', "p'1", 'm1', 1, 2)).toContain(`"plant" = 'p\\'1'`);
  });

  it('uses millisecond literals for time bounds', () => {
    expect(rawQuery('qw_raw', 'telemetry', 'p1', 'm1', 1700000000123, 1700000001000)).toContain(
      'time >= 1700000000123ms AND time < 1700000001000ms',
    );
  });

  it('rolls telemetry up over the metric catalogue only, derived series over every field', () => {
    const t = continuousQuery('db', DEFAULT_RETENTION, 'telemetry', '1m');
    expect(t.create).toMatch(
      /^CREATE CONTINUOUS QUERY "qw_telemetry_1m_[0-9a-f]{8}" ON "db" RESAMPLE EVERY 1m FOR 10m/,
    );
    expect(t.create).toContain('mean(/^(active_power|');
    expect(t.create).not.toMatch(/\|seq\||\|sim\|/);
    expect(t.create).toContain('INTO "db"."qw_1m"."telemetry" FROM "db"."qw_raw"."telemetry" GROUP BY time(1m), *');
    const k = continuousQuery('db', DEFAULT_RETENTION, 'kpi', '1h');
    expect(k.create).toContain('SELECT mean(*), min(*), max(*), count(*) INTO "db"."qw_1h"."kpi"');
    expect(k.create).toContain('RESAMPLE EVERY 1h FOR 120m');
    expect(k.backfill(0, 3_600_000)).toContain('WHERE time >= 0ms AND time < 3600000ms GROUP BY time(1h), *');
  });

  it('asks for the newest point per series', () => {
    expect(latestQuery('qw_raw', 'telemetry', 'p1')).toBe(
      `SELECT * FROM "qw_raw"."telemetry" WHERE "plant" = 'p1' GROUP BY * ORDER BY time DESC LIMIT 1`,
    );
  });

  it('reads aggregate columns into buckets, leaving out fields with no values in a window', () => {
    const b = parseBuckets({
      results: [
        {
          series: [
            {
              name: 'telemetry',
              columns: ['time', 'mean_a', 'min_a', 'max_a', 'count_a', 'mean_b', 'count_b'],
              values: [[60_000, 2, 1, 3, 2, null, 0]],
            },
          ],
        },
      ],
    });
    expect(b).toEqual([{ ts: 60_000, values: { a: { mean: 2, min: 1, max: 3, count: 2 } } }]);
  });
});
