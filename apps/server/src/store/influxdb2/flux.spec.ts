import { aggregateFlux, fluxString, latestFlux, rawFlux } from './flux.js';
import { linesBody, pointLine, toLine } from '../shared/line-protocol.js';

const q = { bucket: 'b', measurement: 'telemetry', plantId: 'p1', deviceId: 'm1', from: 0, to: 60_000 };

describe('line protocol', () => {
  it('escapes tags, field keys and string fields; sorts tags; ms timestamps', () => {
    expect(
      toLine({
        measurement: 'kpi',
        tags: { plant: 'p 1', device: 'a,b=c', class: 'motor' },
        fields: { eff: 0.5, sim: 'run "x"\\', ts_server: true },
        ts: 1700000000123,
      }),
    ).toBe('kpi,class=motor,device=a\\,b\\=c,plant=p\\ 1 eff=0.5,sim="run \\"x\\"\\\\",ts_server=true 1700000000123');
  });

  it('writes every number as a float and refuses non-finite ones', () => {
    expect(toLine({ measurement: 't', tags: {}, fields: { seq: 7 }, ts: 1 })).toBe('t seq=7 1');
    expect(() => toLine({ measurement: 't', tags: {}, fields: { x: Infinity }, ts: 1 })).toThrow(/finite/);
  });
});

describe('Flux text', () => {
  it('quotes strings so a device id cannot break out of the query', () => {
    expect(fluxString('a"b\\c${x}')).toBe('"a\\"b\\\\c\\${x}"');
    expect(rawFlux({ ...q, deviceId: 'x" or true or "' })).toContain('r.device == "x\\" or true or \\""');
  });

  it('reads raw points pivoted, in [from, to) as RFC 3339', () => {
    const f = rawFlux({ ...q, fields: ['active_power'] });
    expect(f).toContain('range(start: 1970-01-01T00:00:00.000Z, stop: 1970-01-01T00:01:00.000Z)');
    expect(f).toContain('r._field == "active_power"');
    expect(f).toContain('pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")');
  });

  it('downsamples at query time with aggregateWindow, window start as time, meta fields left out', () => {
    const f = aggregateFlux(q, '1h');
    expect(f).toContain('aggregateWindow(every: 1h, fn: mean, createEmpty: false, timeSrc: "_start")');
    expect(f).toContain('r._field != "seq" and r._field != "sim" and r._field != "ts_server"');
    expect(f).toContain('union(tables: [mean_, min_, max_, count_])');
    expect(aggregateFlux({ ...q, measurement: 'kpi' }, '1m')).not.toContain('r._field != "seq"');
  });

  it('asks for the newest row per device', () => {
    expect(latestFlux('b', 'p1')).toContain('r._measurement == "telemetry" and r.plant == "p1"');
  });
});

describe('pointLine (the write path)', () => {
  it('writes a reading with its metadata, escaping only what needs it', () => {
    const r = {
      plantId: 'p 1',
      deviceId: 'm1',
      class: 'motor' as const,
      ts: 1700000000123,
      seq: 4,
      sim: 'a"b',
      tsFromServer: true,
      metrics: { active_power: 1.5 },
    };
    expect(pointLine('telemetry', r, r)).toBe(
      'telemetry,class=motor,device=m1,plant=p\\ 1 active_power=1.5,seq=4,sim="a\\"b",ts_server=true 1700000000123',
    );
    const kpi = { plantId: 'p1', deviceId: 'm1', class: 'motor' as const, ts: 5, values: { eff: 0.9 } };
    expect(pointLine('kpi', kpi)).toBe('kpi,class=motor,device=m1,plant=p1 eff=0.9 5');
    expect(() => pointLine('kpi', { ...kpi, values: {} })).toThrow(/no fields/);
  });
});

describe('linesBody', () => {
  it('is the lines joined by newlines, as UTF-8', () => {
    const lines = ['kpi,device=泵-1 eff=0.9 5', 'telemetry,device=m1 sim="a\\"b" 6'];
    expect(linesBody(lines).toString('utf8')).toBe(lines.join('\n'));
    expect(linesBody([]).length).toBe(0);
  });
});
