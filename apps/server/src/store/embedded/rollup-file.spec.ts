import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import type { Bucket } from '../telemetry-store.js';
import { EmbeddedStore } from './embedded-store.js';
import { decodeIndex, decodeSeries, encodeRollup, blockBytes } from './rollup-file.js';
import { Segments, writeAtomic } from './segments.js';

const T0 = Date.parse('2026-03-01T02:00:00Z');
const agg = (mean: number, min: number, max: number, count: number) => ({ mean, min, max, count });

describe('binary rollup files', () => {
  const data: Record<string, Bucket[]> = {
    'p1/m1': [
      { ts: T0, values: { energy: agg(1000.5, 1000, 1001, 4), active_power: agg(60.25, 59, 61, 4) } },
      { ts: T0 + 59 * 60_000, values: { energy: agg(1059.5, 1059, 1060, 2) } },
    ],
    'p1/k1': [{ ts: T0 + 60_000, values: { gas_flow: agg(0.1 + 0.2, -1e-300, 1.7976931348623157e308, 1) } }],
  };

  it('gives back every series’ windows exactly, reading only that series’ block', () => {
    const buf = encodeRollup(data, T0, 60_000, 60);
    const index = decodeIndex(buf);
    for (const [key, buckets] of Object.entries(data)) {
      const [first, fields] = index.series[key]!;
      const at = index.dataAt + blockBytes(index, first);
      const block = new Uint8Array(buf.subarray(at, at + blockBytes(index, fields.length)));
      expect(decodeSeries(index, key, block)).toEqual(buckets);
    }
  });

  it('keeps reading an hour sealed as JSON by an earlier version, after the raw data is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-rollup-'));
    try {
      const now = T0 + 2 * 3_600_000;
      const store = new EmbeddedStore(dir, { now: () => now });
      await store.init();
      const reading = (ts: number, kw: number): Reading => ({
        plantId: 'p1',
        deviceId: 'm1',
        class: 'motor',
        ts,
        metrics: { active_power: kw },
      });
      await store.write([reading(T0 + 1000, 10), reading(T0 + 61_000, 20)]);
      const q = { plantId: 'p1', deviceId: 'm1', from: T0, to: T0 + 3_600_000 };
      const windows = await store.aggregate(q, '1m');
      await store.close();
      // the state an earlier version left: the hour's rollups as JSON files
      const seg = new Segments(join(dir, 'store'));
      for (const res of ['1m', '1h'] as const) {
        const bin = seg.rollupPath(res, 'telemetry', '2026-03-01T02');
        const json = seg.legacyRollupPath(res, 'telemetry', '2026-03-01T02');
        rmSync(bin);
        mkdirSync(join(json, '..'), { recursive: true });
        await writeAtomic(json, JSON.stringify({ 'p1/m1': res === '1m' ? windows : [] }));
      }
      renameSync(join(dir, 'store/raw'), join(dir, 'raw-aside'));
      const old = new EmbeddedStore(dir, { now: () => now });
      await old.init();
      expect(windows.map((w) => w.values.active_power!.mean)).toEqual([10, 20]);
      expect(await old.aggregate(q, '1m')).toEqual(windows);
      await old.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
