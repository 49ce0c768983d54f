import fc from 'fast-check';
import { decodeTelemetry, DEFAULT_TIMESTAMP_POLICY, type DecodeContext, type DecodeResult } from './telemetry.js';
import type { DeviceSpec } from './fleet.js';
import { REJECT_REASONS } from './reasons.js';
import { parseTelemetryTopic } from './topics.js';
import { METRICS } from './units.js';

/**
 * Property: no input makes the decoder throw. Every message ends as readings and reason-coded rejections, so the
 * broker can always acknowledge it; a throw would close the device's connection and block what it queued behind.
 */
const NOW = Date.parse('2026-11-23T08:00:00Z');
const devices: DeviceSpec[] = [
  { id: 'm1', plantId: 'p1', class: 'motor', name: 'm1', nameplate: {} },
  { id: 'b1', plantId: 'p1', class: 'boiler', name: 'b1', nameplate: {}, gatewayId: 'gw1' },
  { id: 'm2', plantId: 'p1', class: 'motor', name: 'm2', nameplate: {}, gatewayId: 'gw1' },
];
const ctx = (topic: string): DecodeContext => ({
  topic: parseTelemetryTopic(topic)!,
  now: NOW,
  policy: DEFAULT_TIMESTAMP_POLICY,
  lookupDevice: (p, d) => devices.find((x) => x.plantId === p && x.id === d),
});
const TOPICS = ['plants/p1/devices/m1/telemetry', 'plants/p1/gateways/gw1/telemetry'];
/** a detail quotes at most this much of what the device sent (plus the fixed wording) */
const DETAIL_MAX = 400;

/** Decodes on both topic kinds and checks the result is well formed. */
function decodesCleanly(payload: Uint8Array | string, emptyBatch = false): void {
  for (const topic of TOPICS) {
    let r: DecodeResult;
    try {
      r = decodeTelemetry(payload, ctx(topic));
    } catch (e) {
      throw new Error(`decoder threw on ${topic}: ${(e as Error).message}`, { cause: e });
    }
    // an empty gateway batch is the one message with nothing in it to accept or reject
    if (!(emptyBatch && topic.includes('/gateways/')))
      expect(r.readings.length + r.rejections.length).toBeGreaterThan(0);
    for (const rej of r.rejections) {
      expect(Object.keys(REJECT_REASONS)).toContain(rej.reason);
      expect(rej.detail.length).toBeLessThanOrEqual(DETAIL_MAX);
    }
    for (const reading of r.readings) {
      expect(Number.isFinite(reading.ts)).toBe(true);
      for (const v of Object.values(reading.metrics)) expect(Number.isFinite(v)).toBe(true);
    }
  }
}

const nested = (depth: number, leaf: string) => '['.repeat(depth) + leaf + ']'.repeat(depth);
/** numbers as JSON text: huge, tiny, negative, exponent overflow (1e999 parses to Infinity), epoch ns/µs */
const oddNumber = fc.oneof(
  fc.double().map((d) => (Number.isFinite(d) ? String(d) : '1e999')),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom('-1e999', '1e308', '-0', '9007199254740993', '1.7e18', '1763884800000000000', '-8.64e15', '8.64e15'),
  fc.integer({ min: 0, max: 2 ** 31 }).map((n) => String(BigInt(NOW + n) * 1_000_000n)),
);
const unit = fc.oneof(
  fc.constantFrom(...new Set(Object.values(METRICS).flatMap((m) => Object.keys(m.units)))),
  fc.constantFrom('__proto__', 'constructor', 'toString', '', 'kw', 'KW', '°F'),
  fc.string({ maxLength: 300 }),
);
const metricName = fc.oneof(
  fc.constantFrom(...Object.keys(METRICS)),
  fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty'),
  fc.string({ maxLength: 300 }),
);
const metricsJson = fc
  .array(fc.tuple(metricName, oddNumber, unit), { maxLength: 6 })
  .map(
    (ms) => `{${ms.map(([n, v, u]) => `${JSON.stringify(n)}:{"value":${v},"unit":${JSON.stringify(u)}}`).join(',')}}`,
  );
const tsJson = fc.oneof(
  oddNumber,
  fc.string({ maxLength: 300 }).map((s) => JSON.stringify(s)),
  fc.date({ noInvalidDate: true }).map((d) => JSON.stringify(d.toISOString())),
  fc.constantFrom('"+275760-09-13T00:00:00.001Z"', '"-271821-04-20T00:00:00.000Z"', 'null', '{}', '[]'),
);
const readingJson = fc
  .record({ ts: tsJson, seq: oddNumber, metrics: metricsJson, device: fc.constantFrom('"m1"', '"m2"', '"b1"', '1') })
  .map(({ ts, seq, metrics, device }) => `{"device":${device},"ts":${ts},"seq":${seq},"metrics":${metrics}}`);

describe('decodeTelemetry never throws', () => {
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => decodesCleanly(b)),
      { numRuns: 2000 },
    );
  });

  it('on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (doc) => {
        decodesCleanly(JSON.stringify(doc));
        decodesCleanly(JSON.stringify({ v: 1, ...(doc && typeof doc === 'object' ? doc : { x: doc }) }));
      }),
      { numRuns: 2000 },
    );
  });

  it('on readings with huge, negative, overflowing and nanosecond numbers, odd units and names', () => {
    fc.assert(
      fc.property(readingJson, (r) => decodesCleanly(`{"v":1,${r.slice(1)}`)),
      { numRuns: 3000 },
    );
  });

  it('on gateway batches of such readings', () => {
    fc.assert(
      fc.property(fc.array(readingJson, { maxLength: 20 }), (rs) =>
        decodesCleanly(`{"v":1,"readings":[${rs}]}`, rs.length === 0),
      ),
      { numRuns: 500 },
    );
  });

  it('on deep nesting anywhere in the message', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60_000 }),
        fc.constantFrom('v', 'ts', 'seq', 'sim', 'metrics', 'readings', 'value', 'unit', 'device'),
        (depth, at) => {
          const deep = nested(depth, '1');
          decodesCleanly(`{"v":1,"${at}":${deep},"metrics":{"active_power":{"value":1,"unit":"kW"}}}`);
          decodesCleanly(`{"v":1,"metrics":{"active_power":{"value":1,"${at}":${deep}}}}`);
          decodesCleanly(`{"v":1,"readings":[{"device":"m2","${at}":${deep}}]}`);
          decodesCleanly(`{"${at}":${deep},"v":${deep}}`);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('timestamps beyond what a JavaScript Date holds', () => {
  it.each([
    ['epoch nanoseconds', String(BigInt(NOW) * 1_000_000n)],
    ['epoch microseconds', String(NOW * 1000)],
    ['1e300', '1e300'],
  ])('rejects %s as TIMESTAMP_SKEW, saying what the number is', (_name, ts) => {
    const r = decodeTelemetry(`{"v":1,"ts":${ts},"metrics":{"active_power":{"value":1,"unit":"kW"}}}`, ctx(TOPICS[0]));
    expect(r.readings).toEqual([]);
    expect(r.rejections).toEqual([expect.objectContaining({ reason: 'TIMESTAMP_SKEW' })]);
    expect(r.rejections[0].detail).toMatch(/epoch milliseconds/);
  });

  it('rejects one far before the epoch as TIMESTAMP_SKEW', () => {
    const r = decodeTelemetry('{"v":1,"ts":-1e300,"metrics":{"active_power":{"value":1,"unit":"kW"}}}', ctx(TOPICS[0]));
    expect(r.rejections).toEqual([
      expect.objectContaining({ reason: 'TIMESTAMP_SKEW', detail: expect.stringContaining('-1e+300') }),
    ]);
  });
});
