import { aggregatePoints, mergeBuckets } from './series.js';

const p = (ts: number, v: number) => ({ plantId: 'p', deviceId: 'd', class: 'pump' as const, ts, values: { x: v } });

describe('rollup arithmetic', () => {
  it('aggregates points into windows and merges windows exactly (means weighted by count)', () => {
    const minutes = aggregatePoints([p(0, 1), p(1000, 3), p(60_000, 10)], 60_000);
    expect(minutes).toEqual([
      { ts: 0, values: { x: { mean: 2, min: 1, max: 3, count: 2 } } },
      { ts: 60_000, values: { x: { mean: 10, min: 10, max: 10, count: 1 } } },
    ]);
    expect(mergeBuckets(minutes, 3_600_000)).toEqual([
      { ts: 0, values: { x: { mean: 14 / 3, min: 1, max: 10, count: 3 } } },
    ]);
  });
});
