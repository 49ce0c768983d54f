import fc from 'fast-check';
import type { MqttClient } from 'mqtt';
import { isMetricName, METRICS, topics } from '#contracts';
import { startServer, type ServerProcess } from '../support/server-process.js';
import {
  INGEST_FLEET,
  allDeadLetters,
  connect,
  getJson,
  metric,
  spoolDrained,
  storedReadings,
} from '../support/ingest.js';

type Counters = { received: number; accepted: number; rejected: Record<string, number> };
const rejectedSum = (c: Counters) => Object.values(c.rejected).reduce((s, n) => s + n, 0);

const BASE_TS = Date.now() - 86_400_000;
let nextTs = 0;

/** A valid motor reading with a fresh timestamp: the oracle knows exactly which points must be stored. */
const valid = fc
  // up to 900 (MW included: 9e5 kW is within the catalogue's range)
  .record({ kw: fc.double({ min: 0, max: 900, noNaN: true }), unit: fc.constantFrom('kW', 'W', 'MW') })
  .map(({ kw, unit }) => ({ ok: true as const, ts: BASE_TS + nextTs++, kw, unit }));

const kwMetric = { active_power: { value: 40, unit: 'kW' } };
const now = () => Date.now();

/** Payloads that are bad by construction, each in a different way. */
const bad = fc
  .oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.concat([Buffer.from([0xff]), b])), // not UTF-8
    fc.string({ maxLength: 200 }).map((s) => `{"v":1,${s}`), // unterminated JSON
    fc.json({ maxDepth: 3 }).filter((j) => {
      const d = JSON.parse(j) as { v?: unknown } | null;
      return !(d && typeof d === 'object' && d.v === 1);
    }), // JSON, wrong shape or version
    fc
      .oneof(fc.double({ min: 1e7, max: 1e300 }), fc.string(), fc.constant(null), fc.boolean())
      .map((value) => JSON.stringify({ v: 1, metrics: { active_power: { value, unit: 'kW' } } })),
    fc
      .oneof(fc.string({ maxLength: 12 }), fc.constantFrom('constructor', 'toString', '__proto__', 'valueOf'))
      .filter((u) => !Object.prototype.hasOwnProperty.call(METRICS.active_power.units, u))
      .map((unit) => JSON.stringify({ v: 1, metrics: { active_power: { value: 1, unit } } })),
    fc
      .integer({ min: 3_600_000, max: 10 * 365 * 86_400_000 })
      .map((ahead) => JSON.stringify({ v: 1, ts: now() + ahead, metrics: kwMetric })),
    fc
      .integer({ min: 8, max: 3650 })
      .map((days) => JSON.stringify({ v: 1, ts: now() - days * 86_400_000, metrics: kwMetric })),
    fc.constant(JSON.stringify({ v: 1, metrics: { current: { value: 3, unit: 'A' } } })),
    fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((n) => !isMetricName(n) && n !== '__proto__')
      .map((n) => JSON.stringify({ v: 1, metrics: { ...kwMetric, [n]: { value: 1, unit: 'x' } } })),
    fc.string({ maxLength: 10 }).map((seq) => JSON.stringify({ v: 1, seq, metrics: kwMetric })),
  )
  .map((payload) => ({ ok: false as const, payload }));

const message = fc.oneof({ arbitrary: valid, weight: 1 }, { arbitrary: bad, weight: 2 });

describe('property: random and malformed payloads interleaved with valid ones, over real MQTT', () => {
  let server: ServerProcess;
  let clients: MqttClient[];
  const expected = new Set<string>();
  let sentBad = 0;
  let sent = 0;

  beforeAll(async () => {
    server = await startServer({ QW_FLEET_FILE: INGEST_FLEET, QW_DEAD_LETTER_MAX: '100000' });
    clients = await Promise.all(['m1', 'm2'].map((id) => connect(server.mqttUrl, id)));
  });
  afterAll(async () => {
    await Promise.all((clients ?? []).map((c) => c.endAsync()));
    await server?.stop();
  });

  it('never crashes, stores every valid reading, reason-codes every bad one (12,000 messages)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 100, maxLength: 100 }), async (msgs) => {
        const before = await getJson<{ counters: Counters }>(`${server.httpUrl}/health`);
        // pipelined QoS 1 on two connections: every message must be acknowledged
        await Promise.all(
          msgs.map((m, i) => {
            const id = i % 2 ? 'm2' : 'm1';
            const client = clients[i % 2];
            if (!m.ok) return client.publishAsync(topics.deviceTelemetry('p1', id), m.payload as string, { qos: 1 });
            expected.add(`p1/${id}/${m.ts}`);
            const payload = JSON.stringify({
              v: 1,
              ts: m.ts,
              metrics: { active_power: { value: m.kw, unit: m.unit } },
            });
            return client.publishAsync(topics.deviceTelemetry('p1', id), payload, { qos: 1 });
          }),
        );
        const after = await getJson<{ counters: Counters }>(`${server.httpUrl}/health`);
        const nBad = msgs.filter((m) => !m.ok).length;
        sentBad += nBad;
        sent += msgs.length;
        expect(after.counters.received - before.counters.received).toBe(msgs.length);
        expect(after.counters.accepted - before.counters.accepted).toBe(msgs.length - nBad);
        expect(rejectedSum(after.counters) - rejectedSum(before.counters)).toBe(nBad);
      }),
      // a run that hangs (a message never acknowledged) fails instead of stalling the suite
      { numRuns: Number(process.env.QW_PROP_RUNS ?? 120), seed: 20261123, endOnFailure: true, timeout: 15_000 },
    );
    expect(sent).toBe(Number(process.env.QW_PROP_RUNS ?? 120) * 100);

    await spoolDrained(server);
    const stored = storedReadings(server.dataDir);
    const missing = [...expected].filter((k) => !stored.has(k));
    expect(missing).toEqual([]);
    // every bad one is counted by reason in /metrics and kept, with its reason, in the dead-letter API
    expect(await metric(server, 'qinwatt_ingest_rejected_total')).toBe(sentBad);
    const letters = await allDeadLetters(server);
    expect(letters).toHaveLength(sentBad);
    expect(new Set(letters.map((l) => l.reason)).size).toBeGreaterThanOrEqual(6);
    expect(server.proc.exitCode).toBeNull();
  }, 120_000);
});
