import { ReadingsBus } from '../bus/readings-bus.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_TIMESTAMP_POLICY,
  decodeTelemetry,
  parseTelemetryTopic,
  topics,
  type FleetSpec,
  type Reading,
} from '#contracts';
import { DeadLetterStore } from '../dead-letter/dead-letter.store.js';
import { openStateDb } from '../state/state-db.js';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logger.js';
import { Metrics } from '../metrics/metrics.js';
import { StoreRejection, type TelemetryStore } from '../store/telemetry-store.js';
import { SpoolService, SpoolWriter } from './spool-writer.js';
import type { SpoolEntry } from './spool.js';

const FLEET: FleetSpec = {
  plants: [{ id: 'p1', name: 'P1', region: '610100' }],
  devices: [{ id: 'm1', plantId: 'p1', class: 'motor', name: 'm1', nameplate: { ratedKw: 55, ratedEfficiency: 94.6 } }],
  gateways: [],
};
const T0 = Date.parse('2026-11-24T00:00:00Z');

/** ten messages of one reading each, decoded as ingest decodes them */
function entries(from: number): SpoolEntry[] {
  return Array.from({ length: 10 }, (_, k) => {
    const ts = T0 + from + k;
    const payload = Buffer.from(`{"v":1,"ts":${ts},"metrics":{"active_power":{"value":40,"unit":"kW"}}}`);
    const topic = topics.deviceTelemetry('p1', 'm1');
    const ctx = { topic: parseTelemetryTopic(topic)!, now: ts, policy: DEFAULT_TIMESTAMP_POLICY };
    const { readings } = decodeTelemetry(payload, { ...ctx, lookupDevice: () => FLEET.devices[0] });
    return { topic, receivedAt: ts, payload, readings };
  });
}

/** A store whose writes finish only when the test says so, in any order, and may fail. */
class HeldStore {
  stored = new Map<number, number>();
  held: Array<{ readings: readonly Reading[]; settle: (fail?: Error) => void }> = [];
  write(readings: readonly Reading[]): Promise<void> {
    return new Promise((resolve, reject) =>
      this.held.push({
        readings,
        settle: (fail) => {
          if (fail) return reject(fail);
          for (const r of readings) this.stored.set(r.ts - T0, (this.stored.get(r.ts - T0) ?? 0) + 1);
          resolve();
        },
      }),
    );
  }
}

const until = async (what: () => boolean) => {
  while (!what()) await new Promise((r) => setTimeout(r, 2));
};

async function writerWith(store: object) {
  const config = { ...loadConfig({}), dataDir: mkdtempSync(join(tmpdir(), 'qw-writer-')), storeBatchSize: 10 };
  const metrics = new Metrics();
  const log = createLogger('silent');
  const state = openStateDb({ engine: 'embedded', dataDir: config.dataDir });
  await state.migrate();
  const deadLetters = new DeadLetterStore(config, state, metrics);
  const spool = new SpoolService(config, metrics, new FleetRegistry(FLEET), deadLetters, log);
  const writer = new SpoolWriter(spool, store as TelemetryStore, deadLetters, metrics, config, log, new ReadingsBus());
  return { writer, spool, metrics, deadLetters };
}

describe('SpoolWriter', () => {
  it('keeps several writes in flight, releases them in order, and writes again from the checkpoint after a failure', async () => {
    const store = new HeldStore();
    const { writer, spool, metrics } = await writerWith(store);
    await writer.onModuleInit();
    for (let i = 0; i < 60; i += 10) await Promise.all(entries(i).map((e) => spool.append(e)));

    await until(() => store.held.length === 4); // four batches of ten on their way, no more
    expect(store.held.map((h) => h.readings[0].ts - T0)).toEqual([0, 10, 20, 30]);
    store.held[1].settle(); // the second lands before the first: nothing is released yet
    await new Promise((r) => setTimeout(r, 20));
    expect(spool.pendingReadings).toBe(60);
    store.held[0].settle();
    await until(() => spool.pendingReadings === 40);
    store.held[2].settle(new Error('store down'));
    store.held[3].settle();
    // after the backoff the writer starts again at the checkpoint (ts 20) and reads the rest from disk
    await until(() => store.held.length > 4);
    for (let k = 4; spool.pendingReadings > 0; k++) {
      await until(() => store.held.length > k);
      store.held[k].settle();
      await new Promise((r) => setImmediate(r));
    }
    expect([...store.stored.keys()].sort((a, b) => a - b)).toEqual([...Array(60).keys()]);
    expect(store.stored.get(30)).toBe(2); // landed before the failure was seen, written again: still one point
    expect((await metrics.writeFailures.get()).values[0].value).toBe(1);
    await writer.stop();
  });

  it('lets a part batch wait for more to share its store write, sends a full batch at once, and a part batch at shutdown', async () => {
    const writes: number[][] = [];
    const store = {
      async write(readings: readonly Reading[]) {
        writes.push(readings.map((r) => r.ts - T0));
      },
    };
    const { writer, spool } = await writerWith(store);
    writer.lingerMs = 60_000;
    await writer.onModuleInit();
    const msgs = entries(0);
    // seven messages, each its own group commit (acknowledged on its own): no store write yet
    for (const e of msgs.slice(0, 7)) await spool.append(e);
    await new Promise((r) => setTimeout(r, 50));
    expect(writes).toEqual([]);
    // three more make a full batch (storeBatchSize 10): one write of the ten, at once
    for (const e of msgs.slice(7)) await spool.append(e);
    await until(() => writes.length === 1);
    expect(writes[0]).toEqual([...Array(10).keys()]);
    // a part batch left at shutdown is written before the writer stops
    for (const e of entries(10).slice(0, 3)) await spool.append(e);
    await writer.stop();
    expect(writes).toEqual([[...Array(10).keys()], [10, 11, 12]]);
    expect(spool.pendingReadings).toBe(0);
  });

  it('keeps the readings the store refuses as dead letters and stores every other one', async () => {
    // a store that refuses any request holding a reading whose offset is a multiple of 7 (as InfluxDB refuses a
    // point older than its retention), writing nothing of such a request
    const stored = new Set<number>();
    const store = {
      async write(readings: readonly Reading[]) {
        if (readings.some((r) => (r.ts - T0) % 7 === 0)) throw new StoreRejection('partial write: beyond retention');
        for (const r of readings) stored.add(r.ts - T0);
      },
    };
    const { writer, spool, deadLetters, metrics } = await writerWith(store);
    await deadLetters.onModuleInit();
    await writer.onModuleInit();
    for (let i = 0; i < 60; i += 10) await Promise.all(entries(i).map((e) => spool.append(e)));
    await until(() => spool.pendingReadings === 0);
    const refused = [...Array(60).keys()].filter((k) => k % 7 === 0);
    expect([...stored].sort((a, b) => a - b)).toEqual([...Array(60).keys()].filter((k) => k % 7 !== 0));
    const letters = (await deadLetters.query({ reason: 'STORE_REJECTED', limit: 100 })).items;
    expect(
      letters
        .map((l) => (JSON.parse(Buffer.from(l.payload, 'base64').toString()) as Reading).ts - T0)
        .sort((a, b) => a - b),
    ).toEqual(refused);
    expect(letters[0].detail).toContain('beyond retention');
    expect((await metrics.rejected.get()).values.find((v) => v.labels.reason === 'STORE_REJECTED')?.value).toBe(
      refused.length,
    );
    await writer.stop();
  });
});
