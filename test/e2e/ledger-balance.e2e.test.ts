import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { DateTime } from 'luxon';
import { LedgerBalanceResponseSchema, type Alert, type LedgerBalanceResponse } from '#contracts';
import { answerOf } from '../support/response-schema.js';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';

const ZONE = 'Asia/Shanghai';
const STEP = 5 * 60_000;
/** kW of the main meter and its two sub-meters: 100 against 50 + 40, a planted loss of 10 % (band 0-5 %) */
const KW = { main: 100, a: 50, b: 40 };

const motor = (id: string, ledger?: object) => ({
  id,
  plantId: 'p1',
  class: 'motor',
  name: id,
  nameplate: { ratedKw: 110, ratedEfficiency: 95 },
  secret: `secret-${id}`,
  ...(ledger ? { ledger } : {}),
});

const FLEET = {
  plants: [
    {
      id: 'p1',
      name: 'Balance plant',
      region: '610100',
      ledger: { virtualMeters: [{ id: 'unmetered', formula: 'main - a - b', category: 'electricity' }] },
    },
  ],
  devices: [
    motor('main'),
    motor('a', { parent: 'main', account: false }),
    motor('b', { parent: 'main', account: false }),
  ],
};

async function json<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await apiFetch(url, init);
  return { status: res.status, body: (await res.json()) as T };
}

async function until<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A closed day of 5-minute readings (power and the kWh register) from each meter, over MQTT with its credentials. */
async function publishDay(server: ServerProcess, start: number): Promise<void> {
  for (const [id, kw] of Object.entries(KW)) {
    const client = await mqtt.connectAsync(server.mqttUrl, {
      clientId: `p1/${id}`,
      username: `p1/${id}`,
      password: `secret-${id}`,
    });
    const payloads = [];
    for (let t = start; t <= start + 86_400_000; t += STEP)
      payloads.push(
        JSON.stringify({
          v: 1,
          ts: t,
          metrics: {
            active_power: { value: kw, unit: 'kW' },
            energy: { value: 10_000 + (kw * (t - start)) / 3_600_000, unit: 'kWh' },
          },
        }),
      );
    await Promise.all(payloads.map((p) => client.publishAsync(`plants/p1/devices/${id}/telemetry`, p, { qos: 1 })));
    await client.endAsync();
  }
  const health = async () =>
    (await json<{ counters: { accepted: number; written: number } }>(`${server.httpUrl}/health`)).body.counters;
  await until('readings stored', async () => {
    const c = await health();
    return c.accepted >= 3 * 289 && c.written >= c.accepted ? true : undefined;
  });
}

describe('meter tree on the built server', () => {
  let server: ServerProcess;
  // the last plant-local day closed 15 minutes ago, the day the balance check judges
  const day = DateTime.now().setZone(ZONE).minus({ minutes: 15 }).minus({ days: 1 }).startOf('day');
  const date = day.toISODate()!;
  const balanceAlerts = async () =>
    (await json<Alert[]>(`${server.httpUrl}/api/alerts?plantId=p1&kind=energy_balance`)).body;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-balance-'));
    writeFileSync(join(dir, 'fleet.json'), JSON.stringify(FLEET));
    server = await startServer({ QW_FLEET_FILE: join(dir, 'fleet.json'), QW_LEDGER_BALANCE_CHECK_MS: '1000' });
    await publishDay(server, day.toMillis());
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('gives the parent against its sub-meters, the loss beyond its band, and the virtual meter', async () => {
    const r = await json<LedgerBalanceResponse>(
      `${server.httpUrl}/api/ledger/balance?plantId=p1&period=day&from=${date}&to=${date}`,
    );
    expect(r.status).toBe(200);
    answerOf(LedgerBalanceResponseSchema, r.body);
    expect(r.body.periods).toHaveLength(1);
    const [b] = r.body.periods[0]!.balances;
    // 24 h × 100 kW against 24 h × (50 + 40) kW
    expect(b).toMatchObject({ parent: 'main', children: ['a', 'b'], band: [0, 5], status: 'loss_high', inBand: false });
    expect(b!.parentValue).toBeCloseTo(2400, 6);
    expect(b!.childrenSum).toBeCloseTo(2160, 6);
    expect(b!.lossPct).toBeCloseTo(10, 6);
    expect(r.body.periods[0]!.virtualMeters[0]!.value).toBeCloseTo(240, 6);
  });

  it('raises one energy_balance alert for the parent, and only one while the loss stays', async () => {
    const [a] = await until('a balance alert', async () => {
      const list = await balanceAlerts();
      return list.length ? list : undefined;
    });
    expect(a).toMatchObject({ deviceId: 'main', rule: 'ledger.balance', kind: 'energy_balance', state: 'open' });
    expect(a!.evidence).toMatchObject({ date, status: 'loss_high', band: [0, 5] });
    expect(a!.message.en).toMatch(/10\.00 %, above its band 0-5 %/);
    await new Promise((r) => setTimeout(r, 3000)); // three more checks
    expect(await balanceAlerts()).toHaveLength(1);
  });

  it('clears the alert once the day is back in band (a sub-meter corrected by hand)', async () => {
    const posted = await json<{ seq: number }>(`${server.httpUrl}/api/ledger/entries`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'correction',
        plantId: 'p1',
        deviceId: 'b',
        category: 'electricity',
        date,
        quantity: 1150,
        by: 'meter.tech',
        note: 'b was under-reading',
      }),
    });
    expect(posted.status).toBe(201);
    const [a] = await until('the alert resolved', async () => {
      const list = await balanceAlerts();
      return list[0]?.state === 'resolved' ? list : undefined;
    });
    expect(a!.history.at(-1)).toMatchObject({ state: 'resolved', by: 'system' });
    const r = await json<LedgerBalanceResponse>(
      `${server.httpUrl}/api/ledger/balance?plantId=p1&period=day&from=${date}&to=${date}`,
    );
    expect(r.body.periods[0]!.balances[0]).toMatchObject({ status: 'ok', inBand: true });
  });

  it('refuses a query with reason codes', async () => {
    const r = await json<{ problems: Array<{ code: string; path: string }> }>(
      `${server.httpUrl}/api/ledger/balance?period=week&from=${date}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.problems.map((p) => p.code).sort()).toEqual([
      'FIELD_MISSING',
      'FIELD_MISSING',
      'GRANULARITY_UNKNOWN',
    ]);
    const unknown = await json<{ problems: Array<{ code: string }> }>(
      `${server.httpUrl}/api/ledger/balance?plantId=nope&from=${date}&to=${date}`,
    );
    expect(unknown.body.problems[0]!.code).toBe('PLANT_UNKNOWN');
  });

  it('a fleet with a cycle and a bad formula does not boot, and says every problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-balance-bad-'));
    const bad = structuredClone(FLEET);
    bad.devices[0] = motor('main', { parent: 'b' });
    bad.plants[0]!.ledger.virtualMeters[0]!.formula = 'main - (a';
    writeFileSync(join(dir, 'fleet.json'), JSON.stringify(bad));
    const err = await startServer({ QW_FLEET_FILE: join(dir, 'fleet.json') }).then(
      async (s) => {
        await s.stop();
        return '';
      },
      (e: Error) => e.message,
    );
    expect(err).toMatch(/LEDGER_TREE_CYCLE: main → b → main/);
    expect(err).toMatch(/VIRTUAL_METER_FORMULA: FORMULA_SYNTAX/);
  });
});
