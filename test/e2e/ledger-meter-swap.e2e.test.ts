import mqtt from 'mqtt';
import { DateTime } from 'luxon';
import type { LedgerResponse, LoggedEntry } from '#contracts';
import { generateRecording, loadFleet } from '#device-sim';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';
import { INFLUX_URL, requireInfluxInCi, uniqueDb } from '../support/influx.js';
import { DEMO_FLEET } from '../support/ledger-day.js';

const ZONE = 'Asia/Shanghai';
const MIN = 60_000;
const PLANT = 'xa-cement';

interface Published {
  date: string;
  /** per device: the register's true consumption over the readings sent (the simulator's own register) */
  truth: Record<string, number>;
  /** the mill motor's meter: when it was exchanged, the old meter's reading then */
  swapAt: number;
  oldFinal: number;
  wrapAt: number;
  /** the mill motor's last reading sent (new meter) */
  last: { ts: number; seq: number; metrics: Record<string, { value: number }> };
}

/**
 * Three hours of yesterday morning of two xa-cement drives, a reading every 15 s over MQTT (QoS 1). The mill motor's
 * meter is exchanged at 09:30:20: the new meter starts at 3.0 kWh. The fan's register is a 6-digit one (it wraps at
 * 1,000,000 kWh) and wraps at about 09:45. Both falls happen inside a 1-minute window of the store's rollups.
 */
async function publish(server: ServerProcess): Promise<Published> {
  const demo = loadFleet(DEMO_FLEET);
  const fleet = { ...demo, devices: demo.devices.filter((d) => d.id === 'mill-motor-1' || d.id === 'fan-1') };
  const day = DateTime.now().setZone(ZONE).startOf('day').minus({ days: 1 });
  const from = day.plus({ hours: 8 }).toMillis();
  const rec = generateRecording({ fleet, seed: 14, runId: 'swap', from, to: from + 3 * 60 * MIN, stepMs: 15_000 });
  const swapAt = from + 90 * MIN + 20_000;
  const bodies = rec.messages.map((m) => ({
    topic: m.topic,
    body: JSON.parse(m.payload as string) as { ts: number; metrics: Record<string, { value: number }> },
  }));
  const energy = (dev: string) => bodies.filter((b) => b.topic.includes(`/${dev}/`)).map((b) => b.body);
  const mill = energy('mill-motor-1');
  const fan = energy('fan-1');
  const truth = {
    'mill-motor-1': mill.at(-1)!.metrics.energy!.value - mill[0]!.metrics.energy!.value,
    'fan-1': fan.at(-1)!.metrics.energy!.value - fan[0]!.metrics.energy!.value,
  };
  // the old meter's reading when taken out: its register at the swap, between its last two readings
  const before = mill.filter((b) => b.ts < swapAt).at(-1)!;
  const after = mill.find((b) => b.ts >= swapAt)!;
  const e = (b: typeof before) => b.metrics.energy!.value;
  const oldFinal = e(before) + ((e(after) - e(before)) * (swapAt - before.ts)) / (after.ts - before.ts);
  for (const b of mill) if (b.ts >= swapAt) b.metrics.energy!.value = 3 + e(b) - oldFinal;
  // the fan's 6-digit register: shifted so that it reaches 1,000,000 at about 09:45
  const at945 = fan.find((b) => b.ts >= from + 105 * MIN)!.metrics.energy!.value;
  const wrapAt = fan.find((b) => b.ts >= from + 105 * MIN)!.ts;
  for (const b of fan) b.metrics.energy!.value = (b.metrics.energy!.value - at945 + 1_000_000 + 0.2) % 1_000_000;
  for (const dev of fleet.devices) {
    const key = `${dev.plantId}/${dev.id}`;
    const client = await mqtt.connectAsync(server.mqttUrl, {
      clientId: key,
      protocolVersion: 4,
      username: key,
      password: (dev as { secret?: string }).secret,
    });
    const mine = bodies.filter((b) => b.topic.includes(`/${dev.id}/`));
    for (let i = 0; i < mine.length; i += 200)
      await Promise.all(
        mine.slice(i, i + 200).map((b) => client.publishAsync(b.topic, JSON.stringify(b.body), { qos: 1 })),
      );
    await client.endAsync();
  }
  const health = async () =>
    (await (await apiFetch(`${server.httpUrl}/health`)).json()) as { counters: { accepted: number; written: number } };
  const { accepted } = (await health()).counters;
  while ((await health()).counters.written < accepted) await new Promise((r) => setTimeout(r, 50));
  const last = structuredClone(mill.at(-1)!) as Published['last'];
  return { date: day.toISODate()!, truth, swapAt, oldFinal, wrapAt, last };
}

function swapOverRealServer(storeEnv: () => Record<string, string>): void {
  let server: ServerProcess;
  let sent: Published;
  beforeAll(async () => {
    server = await startServer({ QW_FLEET_FILE: DEMO_FLEET, ...storeEnv() });
    sent = await publish(server);
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  const day = async (id: string, granularity = 'day', level = 'device'): Promise<LedgerResponse> => {
    const sub = { hour: ['T08:00', 'T10:00'], '15min': ['T08:00', 'T10:45'], day: ['', ''] }[granularity]!;
    const q = {
      level,
      ...(level === 'device' ? { plantId: PLANT } : {}),
      id,
      granularity,
      from: `${sent.date}${sub[0]}`,
      to: `${sent.date}${sub[1]}`,
    };
    const res = await apiFetch(`${server.httpUrl}/api/ledger?${new URLSearchParams(q)}`);
    expect(res.status).toBe(200);
    return (await res.json()) as LedgerResponse;
  };
  const kWh = (r: LedgerResponse) =>
    r.periods.reduce((s, p) => s + (p.categories.find((c) => c.category === 'electricity')?.quantity ?? 0), 0);
  const post = async (body: unknown) => {
    const res = await apiFetch(`${server.httpUrl}/api/ledger/entries`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('without an entry, the register’s fall is reported and not counted', async () => {
    for (const id of ['mill-motor-1', 'fan-1']) {
      const r = await day(id);
      expect(r.problems.map((p) => p.reason)).toContain('REGISTER_DECREASED');
      // the minutes around the fall are left out, nothing more: not the new meter's rise to the old reading
      expect(kWh(r)).toBeLessThan(sent.truth[id]!);
      expect(kWh(r)).toBeGreaterThan(sent.truth[id]! * 0.97);
    }
  }, 30_000);

  it('refuses a bad swap or roll-over with reason codes, logging nothing', async () => {
    const bad = await post({
      kind: 'meter_swap',
      plantId: PLANT,
      meterId: 'kiln-1',
      category: 'natural_gas',
      ts: sent.swapAt,
      oldFinal: 10,
      newInitial: 3,
      rollover: 12_345,
      by: 'meter technician',
    });
    expect(bad.status).toBe(400);
    expect((bad.body.problems as Array<{ code: string; path: string }>).map((p) => `${p.code}:${p.path}`)).toEqual(
      expect.arrayContaining(['FIELD_INVALID:rollover']),
    );
    const unknown = await post({
      kind: 'meter_rollover',
      plantId: PLANT,
      meterId: 'no-such-meter',
      category: 'electricity',
      ts: sent.wrapAt,
      rollover: 1_000_000,
      by: 'meter technician',
    });
    expect((unknown.body.problems as Array<{ code: string }>).map((p) => p.code)).toEqual(['DEVICE_UNKNOWN']);
    const log = (await (await apiFetch(`${server.httpUrl}/api/ledger/entries`)).json()) as { entries: LoggedEntry[] };
    expect(log.entries).toEqual([]);
  });

  it('after the swap and the roll-over are entered, the day and its hours hold the metered consumption', async () => {
    // the work order's times are to the quarter hour, not to the second
    const swap = await post({
      kind: 'meter_swap',
      plantId: PLANT,
      meterId: 'mill-motor-1',
      category: 'electricity',
      ts: DateTime.fromMillis(sent.swapAt, { zone: ZONE }).set({ minute: 15, second: 0 }).toISO(),
      oldFinal: Math.round(sent.oldFinal * 10) / 10,
      newInitial: 3,
      by: 'meter technician Li',
      note: 'work order 2024-117',
    });
    expect(swap.status).toBe(201);
    expect(swap.body.affected).toEqual({
      from: sent.date,
      to: DateTime.fromISO(sent.date).plus({ days: 1 }).toISODate(),
    });
    const roll = await post({
      kind: 'meter_rollover',
      plantId: PLANT,
      meterId: 'fan-1',
      category: 'electricity',
      ts: sent.wrapAt + 10 * MIN,
      rollover: 1_000_000,
      by: 'meter technician Li',
    });
    expect(roll.status).toBe(201);
    expect(roll.body.affected).toEqual({ from: sent.date });
    for (const id of ['mill-motor-1', 'fan-1']) {
      const daily = await day(id);
      expect(daily.problems).toEqual([]);
      // within 0.1 % (the old final reading is entered to 0.1 kWh)
      expect(Math.abs(kWh(daily) - sent.truth[id]!)).toBeLessThanOrEqual(sent.truth[id]! * 0.001);
      expect(Math.abs(kWh(await day(id, 'hour')) - sent.truth[id]!)).toBeLessThanOrEqual(sent.truth[id]! * 0.001);
      const quarters = await day(id, '15min');
      expect(quarters.periods).toHaveLength(12);
      expect(Math.abs(kWh(quarters) - sent.truth[id]!)).toBeLessThanOrEqual(sent.truth[id]! * 0.001);
    }
    // the region the plant is in (610100 holds only xa-cement, and only these two drives sent readings)
    const both = sent.truth['mill-motor-1']! + sent.truth['fan-1']!;
    expect(Math.abs(kWh(await day('610100', 'day', 'region')) - both)).toBeLessThanOrEqual(both * 0.001);
    const log = (await (await apiFetch(`${server.httpUrl}/api/ledger/entries`)).json()) as { entries: LoggedEntry[] };
    expect(log.entries.map((e) => [e.kind, e.by])).toEqual([
      // the audit names the account that signed the request, whatever `by` the body carries
      ['meter_swap', 'admin'],
      ['meter_rollover', 'admin'],
    ]);
    expect(log.entries[0]!.tsMs).toBe(
      DateTime.fromMillis(sent.swapAt, { zone: ZONE }).set({ minute: 15, second: 0, millisecond: 0 }).toMillis(),
    );
  }, 30_000);

  it('a late reading for the day recomputes it', async () => {
    const before = kWh(await day('mill-motor-1'));
    const counters = async () =>
      (
        (await (await apiFetch(`${server.httpUrl}/health`)).json()) as {
          counters: { accepted: number; written: number };
        }
      ).counters;
    const n = (await counters()).accepted;
    const dev = loadFleet(DEMO_FLEET).devices.find((d) => d.id === 'mill-motor-1')!;
    const client = await mqtt.connectAsync(server.mqttUrl, {
      clientId: 'xa-cement/mill-motor-1',
      protocolVersion: 4,
      username: 'xa-cement/mill-motor-1',
      password: (dev as { secret?: string }).secret,
    });
    // half an hour after the last reading, the register 5 kWh on
    const body = structuredClone(sent.last);
    body.ts += 30 * MIN;
    body.seq += 1;
    body.metrics.energy!.value += 5;
    await client.publishAsync(`plants/${PLANT}/devices/mill-motor-1/telemetry`, JSON.stringify(body), { qos: 1 });
    await client.endAsync();
    // accepted, then stored
    for (let c = await counters(); c.accepted === n || c.written < c.accepted; c = await counters())
      await new Promise((r) => setTimeout(r, 50));
    const want = before + 5;
    expect(Math.abs(kWh(await day('mill-motor-1')) - want)).toBeLessThanOrEqual(want * 0.001);
  }, 30_000);
}

describe('meter swap and register roll-over over MQTT, on the embedded store', () => {
  swapOverRealServer(() => ({ QW_STORE: 'embedded' }));
});

describe('meter swap and register roll-over over MQTT, on InfluxDB 1.x', () => {
  if (!requireInfluxInCi('meter swap on InfluxDB 1.x')) return;
  swapOverRealServer(() => ({
    QW_STORE: 'influxdb1',
    QW_INFLUX_URL: INFLUX_URL!,
    QW_INFLUX_DATABASE: uniqueDb('ledger_swap'),
  }));
});
