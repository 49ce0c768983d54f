import { gunzipSync, gzipSync } from 'node:zlib';
import type { FleetSpec } from '#contracts';
import { SEGMENT_MS } from '../../apps/server/src/store/embedded/segments.js';
import type { Bucket } from '../../apps/server/src/store/telemetry-store.js';
import {
  blockBytes,
  decodeIndex,
  decodeSeries,
  encodeRollup,
} from '../../apps/server/src/store/embedded/rollup-file.js';
import { hourBuckets } from './fleet.js';

const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
};

/**
 * One sealed hour of the fleet's 1-minute windows in each candidate file format: bytes, time to write it, time to
 * read one device's windows out of it (what the ledger does, device by device), and time to read all of them.
 */
export function compareFormats(fleet: FleetSpec, hourStart: number, extra: number): string[] {
  const data: Record<string, Bucket[]> = {};
  let seed = 14;
  // the benchmark's windows are the same for every device of a class; measured meters are not, and a regular file
  // compresses far better than a real one would: each rate gets ±2 % of noise (a fixed sequence), to 3 decimals
  const noise = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.04;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  for (const d of fleet.devices)
    data[`${d.plantId}/${d.id}`] = hourBuckets(d, hourStart, 1000, extra).map((b) => ({
      ts: b.ts,
      values: Object.fromEntries(
        Object.entries(b.values).map(([f, a]) => {
          if (f === 'energy') return [f, a];
          const k = 1 + noise();
          return [
            f,
            {
              mean: r3(a.mean * k),
              min: r3(a.min * k * (1 - Math.abs(noise()))),
              max: r3(a.max * k * (1 + Math.abs(noise()))),
              count: a.count,
            },
          ];
        }),
      ),
    }));
  const key = Object.keys(data)[Math.floor(Object.keys(data).length / 2)]!;
  const rows: string[] = [];
  const row = (name: string, bytes: number, write: number, one: number, all: number) =>
    rows.push(
      `| ${name} | ${(bytes / 2 ** 20).toFixed(2)} MiB | ${write.toFixed(0)} ms | ${one.toFixed(2)} ms | ${all.toFixed(0)} ms |`,
    );
  const [json, jw] = time(() => JSON.stringify(data));
  const [, jr] = time(() => (JSON.parse(json) as Record<string, Bucket[]>)[key]);
  row('JSON (before)', Buffer.byteLength(json), jw, jr, jr);
  const [gz, gw] = time(() => gzipSync(json));
  const [, gr] = time(() => (JSON.parse(gunzipSync(gz).toString('utf8')) as Record<string, Bucket[]>)[key]);
  row('gzip JSON', gz.length, jw + gw, gr, gr);
  const ndjson = Object.entries(data)
    .map(([k, b]) => JSON.stringify({ k, b }))
    .join('\n');
  const [gzn, gnw] = time(() => gzipSync(ndjson));
  const [, gnr] = time(() =>
    gunzipSync(gzn)
      .toString('utf8')
      .split('\n')
      .map((l) => JSON.parse(l) as unknown),
  );
  row('gzip NDJSON', gzn.length, gnw, gnr, gnr);
  const [bin, bw] = time(() => encodeRollup(data, hourStart, 60_000, SEGMENT_MS / 60_000));
  const one = (buf: Buffer) => {
    const index = decodeIndex(buf);
    const [first, fields] = index.series[key]!;
    const at = index.dataAt + blockBytes(index, first);
    return decodeSeries(index, key, new Uint8Array(buf.subarray(at, at + blockBytes(index, fields.length))));
  };
  const all = (buf: Buffer) => {
    const index = decodeIndex(buf);
    for (const [k, [first, fields]] of Object.entries(index.series)) {
      const at = index.dataAt + blockBytes(index, first);
      decodeSeries(index, k, new Uint8Array(buf.subarray(at, at + blockBytes(index, fields.length))));
    }
  };
  const [, br] = time(() => one(bin));
  const [, ba] = time(() => all(bin));
  row('binary (chosen)', bin.length, bw, br, ba);
  const [bgz, bgw] = time(() => gzipSync(bin));
  const [, bgr] = time(() => one(gunzipSync(bgz)));
  const [, bga] = time(() => all(gunzipSync(bgz)));
  row('gzip binary', bgz.length, bw + bgw, bgr, bga);
  return [
    `one hour of 1-minute windows, ${fleet.devices.length.toLocaleString('en-US')} devices, rates with ±2 % noise ` +
      `(one device read: the index is parsed each time, the ledger keeps it; gzip: the whole file is inflated):`,
    '',
    '| format | bytes | write | read one device | read all |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ];
}
