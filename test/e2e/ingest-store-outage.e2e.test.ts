import { rmSync } from 'node:fs';
import mqtt from 'mqtt';
import { topics } from '#contracts';
import { Influxdb1Store } from '../../apps/server/src/store/influxdb1/influxdb1-store.js';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';
import { requireInfluxInCi } from '../support/influx.js';
import { OwnInfluxd } from '../support/own-influxd.js';
import { INGEST_FLEET, allDeadLetters, creds, getJson, metric, motor, spoolDrained } from '../support/ingest.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the store (a real InfluxDB 1.x) goes down mid-stream and comes back', () => {
  if (!requireInfluxInCi('store outage fault test')) return;
  let influx: OwnInfluxd;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    await influx?.kill();
    if (influx) rmSync(influx.dir, { recursive: true, force: true });
  });

  it('spools, then holds acknowledgements at the bound, drops QoS 0 counted, and stores exactly what it acked', async () => {
    influx = await OwnInfluxd.onFreePorts();
    await influx.start();
    const spoolMax = 64 * 1024;
    server = await startServer({
      QW_FLEET_FILE: INGEST_FLEET,
      QW_STORE: 'influxdb1',
      QW_INFLUX_URL: influx.url,
      QW_INFLUX_DATABASE: 'outage',
      QW_SPOOL_MAX_BYTES: String(spoolMax),
    });
    const client = await mqtt.connectAsync(server.mqttUrl, {
      clientId: 'p1/m1/outage',
      protocolVersion: 4,
      reconnectPeriod: 100,
      ...creds('m1'),
    });
    const N = 3000;
    const base = Date.now() - 3_600_000;
    const acked = new Set<number>();
    let inFlight = 0;
    const sending = (async () => {
      for (let i = 0; i < N; i++) {
        while (inFlight >= 50) await sleep(2);
        inFlight++;
        client.publish(topics.deviceTelemetry('p1', 'm1'), motor(base + i), { qos: 1 }, (err) => {
          if (!err) acked.add(base + i);
          inFlight--;
        });
      }
      while (inFlight > 0) await sleep(5);
    })();

    while (acked.size < 300) await sleep(2);
    await influx.kill();
    // the spool keeps acknowledging until its bound, then acknowledgements wait: backpressure, not loss
    let last = -1;
    for (let stable = 0; stable < 10; await sleep(100)) {
      stable = acked.size === last ? stable + 1 : 0;
      last = acked.size;
    }
    const heldAt = acked.size;
    expect(heldAt).toBeLessThan(N);
    expect(await metric(server, 'qinwatt_spool_backpressure_waiting')).toBeGreaterThan(0);
    expect(await metric(server, 'qinwatt_spool_bytes')).toBeLessThan(spoolMax + 16 * 1024);
    expect(await metric(server, 'qinwatt_store_write_failures_total')).toBeGreaterThan(0);
    const ready = await apiFetch(`${server.httpUrl}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { store: boolean } }).checks.store).toBe(false);
    expect((await getJson<{ status: string }>(`${server.httpUrl}/health`)).status).toBe('ok'); // alive, not ready

    // QoS 0 has no acknowledgement to hold back: over the bound it is dropped, counted and dead-lettered
    const other = await mqtt.connectAsync(server.mqttUrl, {
      clientId: 'p1/m2/outage',
      protocolVersion: 4,
      ...creds('m2'),
    });
    await other.publishAsync(topics.deviceTelemetry('p1', 'm2'), motor(base), { qos: 0 });
    await other.endAsync();
    for (let i = 0; i < 50 && (await metric(server, 'qinwatt_ingest_rejected_total', 'DROPPED_QOS0')) === 0; i++)
      await sleep(50);
    expect(await metric(server, 'qinwatt_ingest_rejected_total', 'reason="DROPPED_QOS0"')).toBe(1);
    expect((await allDeadLetters(server, '&reason=DROPPED_QOS0')).map((l) => l.deviceId)).toEqual(['m2']);

    await influx.start(); // same port, same data
    await sending;
    await client.endAsync();
    expect(acked.size).toBe(N);
    await spoolDrained(server, 30_000);
    expect((await apiFetch(`${server.httpUrl}/ready`)).status).toBe(200);

    const store = new Influxdb1Store({ url: influx.url, database: 'outage' });
    const stored = await store.range({ plantId: 'p1', deviceId: 'm1', from: base, to: base + N });
    await store.close();
    expect(stored.length).toBe(acked.size);
    expect(stored.every((r) => acked.has(r.ts))).toBe(true);
  }, 90_000);
});
