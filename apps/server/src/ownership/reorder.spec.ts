import type { Reading } from '#contracts';
import { ReorderBuffer } from './reorder.js';

const r = (deviceId: string, ts: number): Reading =>
  ({ plantId: 'p1', deviceId, class: 'motor', ts, metrics: {} }) as Reading;
const ts = (rs: Reading[]) => rs.map((x) => `${x.deviceId}@${x.ts}`);

describe('ReorderBuffer', () => {
  it("holds a reading until it has waited, and releases each device's readings in time order", () => {
    const b = new ReorderBuffer('0-0');
    // two ingest processes: m1's reading at 20 s was appended 25 ms before its reading at 10 s
    b.add('1005-0', [r('m1', 20_000)]);
    b.add('1030-0', [r('m1', 10_000), r('m2', 10_000)]);
    expect(b.release(1500, 1000)).toEqual([]);
    expect(b.checkpointId).toBe('0-0');
    // 20 s became due first, but 10 s of the same device still waits ahead of it
    expect(b.release(2010, 1000)).toEqual([]);
    expect(ts(b.release(2030, 1000)).sort()).toEqual(['m1@10000', 'm1@20000', 'm2@10000']);
    expect(b.checkpointId).toBe('1030-0');
    expect(b.held).toBe(0);
  });

  it('checkpoints only up to the first entry with a reading still held', () => {
    const b = new ReorderBuffer('900-0');
    b.add('1000-0', [r('m1', 1_000)]);
    b.add('1500-0', [r('m2', 1_000)]);
    b.add('1600-0', []); // a command entry: nothing to judge
    expect(ts(b.release(2100, 1000))).toEqual(['m1@1000']);
    expect(b.checkpointId).toBe('1000-0');
    expect(ts(b.drain())).toEqual(['m2@1000']);
    expect(b.checkpointId).toBe('1600-0');
  });
});
