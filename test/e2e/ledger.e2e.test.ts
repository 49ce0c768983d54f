import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import {
  FactorBookSchema,
  LedgerResponseSchema,
  LoggedEntriesSchema,
  MonthlyReportSchema,
  type LedgerResponse,
} from '#contracts';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';
import { INFLUX_URL, requireInfluxInCi, uniqueDb } from '../support/influx.js';
import { answerOf } from '../support/response-schema.js';
import { DEMO_FLEET, publishSimulatedDay, registerDelta, type SimulatedDay } from '../support/ledger-day.js';

const HOUR = 3_600_000;

interface Posted {
  seq: number;
  affected: { from: string; to?: string };
  problems: Array<{ code: string }>;
}

async function ledger(server: ServerProcess, q: Record<string, string>): Promise<LedgerResponse> {
  const res = await apiFetch(`${server.httpUrl}/api/ledger?${new URLSearchParams(q)}`);
  if (res.status !== 200) throw new Error(`ledger ${res.status}: ${await res.text()}`);
  return answerOf(LedgerResponseSchema, await res.json());
}

async function post(server: ServerProcess, body: unknown): Promise<{ status: number; body: Posted }> {
  const res = await apiFetch(`${server.httpUrl}/api/ledger/entries`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const electricity = (r: LedgerResponse, i = 0) => r.periods[i]!.categories.find((c) => c.category === 'electricity')!;

/** The ledger on the built server over a simulated day, whichever store the server runs. */
function ledgerOverRealServer(storeEnv: () => Record<string, string>): void {
  let server: ServerProcess;
  let day: SimulatedDay;

  beforeAll(async () => {
    server = await startServer({ QW_FLEET_FILE: DEMO_FLEET, ...storeEnv() });
    day = await publishSimulatedDay(server);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('gives daily and hourly ledgers whose totals match the metered registers within 0.1 %', async () => {
    expect(day.messages).toBeGreaterThan(10_000);
    for (const [key, rs] of day.registers) {
      const [plantId, deviceId] = key.split('/') as [string, string];
      const metered = rs.at(-1)![1] - rs[0]![1];
      const daily = await ledger(server, {
        level: 'device',
        plantId,
        id: deviceId,
        granularity: 'day',
        from: day.date,
        to: day.date,
      });
      const e = electricity(daily);
      expect(e.sources).toEqual(['register']);
      expect(Math.abs(e.quantity - metered)).toBeLessThanOrEqual(metered * 0.001);
      expect(e.completeness).toBeGreaterThan(0.99);
      // kgce by the equivalent value 0.1229 kgce/kWh (GB/T 2589-2020)
      expect(e.kgce).toBeCloseTo(e.quantity * 0.1229, 6);
      const hourly = await ledger(server, {
        level: 'device',
        plantId,
        id: deviceId,
        granularity: 'hour',
        from: `${day.date}T00:00`,
        to: `${day.date}T23:00`,
      });
      expect(hourly.periods).toHaveLength(24);
      const sum = hourly.periods.reduce((s, p) => s + (p.categories[0]?.quantity ?? 0), 0);
      expect(Math.abs(sum - metered)).toBeLessThanOrEqual(metered * 0.001);
      for (const [h, p] of hourly.periods.entries()) {
        const want = registerDelta(rs, day.start + h * HOUR, day.start + (h + 1) * HOUR);
        const got = p.categories.find((c) => c.category === 'electricity')?.quantity ?? 0;
        expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.max(want * 0.001, 1e-6));
      }
    }
  }, 90_000);

  it('sums a plant from its accounting meters only, and integrates fuel flows without a register', async () => {
    const plant = await ledger(server, {
      level: 'plant',
      id: 'xa-cement',
      granularity: 'day',
      from: day.date,
      to: day.date,
    });
    const accounting = [...day.registers.entries()]
      .filter(([k]) => k.startsWith('xa-cement/') && k !== 'xa-cement/tx-1')
      .reduce((s, [, rs]) => s + rs.at(-1)![1] - rs[0]![1], 0);
    expect(Math.abs(electricity(plant).quantity - accounting)).toBeLessThanOrEqual(accounting * 0.001);
    expect(plant.devices).not.toContain('xa-cement/tx-1');
    // the gas boiler: Nm³/h integrated by the trapezoidal rule from the raw readings, against the ledger's figure
    const rs = day.readings.get('bj-chem/boiler-2')!;
    let raw = 0;
    for (let i = 1; i < rs.length; i++)
      raw += (((rs[i - 1]![1].gas_flow ?? 0) + (rs[i]![1].gas_flow ?? 0)) / 2) * ((rs[i]![0] - rs[i - 1]![0]) / HOUR);
    const boiler = await ledger(server, {
      level: 'device',
      plantId: 'bj-chem',
      id: 'boiler-2',
      granularity: 'day',
      from: day.date,
      to: day.date,
    });
    const gas = boiler.periods[0]!.categories.find((c) => c.category === 'natural_gas')!;
    expect(gas.sources).toEqual(['integrated']);
    expect(Math.abs(gas.quantity - raw)).toBeLessThanOrEqual(raw * 0.01);
    expect(gas.tCo2).toBeGreaterThan(0);
    const steam = boiler.periods[0]!.outputs.find((o) => o.product === 'steam')!;
    expect(steam.quantity).toBeGreaterThan(0);
    expect(steam.kgcePerUnit).toBeCloseTo(boiler.periods[0]!.kgce / steam.quantity, 6);
    const ent = await ledger(server, {
      level: 'enterprise',
      id: 'demo-group',
      granularity: 'day',
      from: day.date,
      to: day.date,
    });
    const bj = await ledger(server, {
      level: 'plant',
      id: 'bj-chem',
      granularity: 'day',
      from: day.date,
      to: day.date,
    });
    expect(ent.periods[0]!.kgce).toBeCloseTo(plant.periods[0]!.kgce + bj.periods[0]!.kgce, 6);
  }, 60_000);

  it('recomputes the periods a site factor covers, and audits the change', async () => {
    const q = {
      level: 'device',
      plantId: 'xa-cement',
      id: 'mill-motor-1',
      granularity: 'day',
      from: day.date,
      to: day.date,
    };
    const before = electricity(await ledger(server, q));
    const r = await post(server, {
      kind: 'factor',
      category: 'electricity',
      quantity: 'grid',
      region: '610000',
      value: 0.9,
      unit: 'kgCO2/kWh',
      validFrom: day.date,
      document: 'Shaanxi provincial grid factor (site test)',
      year: '2025',
      by: 'energy.manager',
    });
    expect(r.status).toBe(201);
    expect(r.body.affected.from).toBe(day.date);
    const after = electricity(await ledger(server, q));
    expect(after.quantity).toBe(before.quantity);
    expect(after.tCo2).toBeCloseTo((after.quantity * 0.9) / 1000, 9);
    expect(after.tCo2).not.toBeCloseTo(before.tCo2, 6);
    expect(after.factorIds.some((id) => id.startsWith('site/electricity/grid/'))).toBe(true);
    const audit = answerOf(LoggedEntriesSchema, await (await apiFetch(`${server.httpUrl}/api/ledger/entries`)).json());
    const logged = audit.entries.find((e) => e.seq === r.body.seq)!;
    // the audit names the authenticated account (the tests' admin token), not the body's `by`
    expect(logged).toMatchObject({ kind: 'factor', by: 'admin', value: 0.9 });
    expect(logged.replaces?.id).toMatch(/^grid\//);
    const book = answerOf(FactorBookSchema, await (await apiFetch(`${server.httpUrl}/api/ledger/factors`)).json());
    expect(book.factors.at(-1)).toMatchObject({ id: logged.factorId, value: 0.9, cite: { confidence: 'unverified' } });
  });

  it('takes a correction by hand: audited, and the daily and hourly figures follow it', async () => {
    const q = { level: 'device', plantId: 'xa-cement', id: 'fan-1', granularity: 'day', from: day.date, to: day.date };
    const before = electricity(await ledger(server, q));
    const corrected = Math.round(before.quantity * 1.1);
    const r = await post(server, {
      kind: 'correction',
      plantId: 'xa-cement',
      deviceId: 'fan-1',
      category: 'electricity',
      date: day.date,
      quantity: corrected,
      by: 'shift.lead',
      note: 'meter replaced at 10:00, old register read by hand',
    });
    expect(r.status).toBe(201);
    const after = electricity(await ledger(server, q));
    expect(after.quantity).toBeCloseTo(corrected, 6);
    expect(after.sources).toEqual(['corrected']);
    const hourly = await ledger(server, {
      ...q,
      granularity: 'hour',
      from: `${day.date}T00:00`,
      to: `${day.date}T23:00`,
    });
    expect(hourly.periods.reduce((s, p) => s + electricity({ ...hourly, periods: [p] }).quantity, 0)).toBeCloseTo(
      corrected,
      6,
    );
    const audit = answerOf(
      LoggedEntriesSchema,
      await (await apiFetch(`${server.httpUrl}/api/ledger/entries?plantId=xa-cement`)).json(),
    );
    expect(audit.entries.find((e) => e.seq === r.body.seq)).toMatchObject({ kind: 'correction', by: 'admin' });
  });

  it('writes the monthly report as .xlsx holding the ledger figures and their cost, and as a PDF', async () => {
    const month = day.date.slice(0, 7);
    // one price all day (every band at the flat 0.6 CNY/kWh) so the cost is checkable by hand: kWh × 0.6
    const flat = [{ from: '00:00', to: '24:00', band: 'flat' }];
    const tariff = await post(server, {
      kind: 'tariff',
      plantId: 'xa-cement',
      by: 'energy.manager',
      validFrom: `${month}-01`,
      flatPrice: 0.6,
      ratio: { sharp: 1, peak: 1, flat: 1, valley: 1 },
      seasons: [{ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], segments: flat }],
    });
    expect(tariff.status).toBe(201);
    expect(tariff.body.affected).toEqual({ from: `${month}-01` });
    const base = `${server.httpUrl}/api/ledger/reports/monthly?level=plant&id=xa-cement&month=${month}`;
    const led = await ledger(server, { level: 'plant', id: 'xa-cement', granularity: 'month', from: month, to: month });
    const res = await apiFetch(`${base}&format=xlsx&lang=zh`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    const power = rows.find((r) => r[1] === '电力')!;
    const e = electricity(led);
    expect(power[3]).toBeCloseTo(e.quantity, 6);
    expect(power[4]).toBeCloseTo(e.kgce, 6);
    expect(power[5]).toBeCloseTo(e.tCo2, 9);
    expect(e.cost).toBeCloseTo(e.quantity * 0.6, 6);
    expect(e.bands!.flat.kWh).toBeCloseTo(e.quantity, 6);
    expect(power[7]).toBeCloseTo(e.cost!, 6);
    const total = rows.find((r) => r[1] === '合计')!;
    expect(total[4]).toBeCloseTo(led.periods[0]!.kgce, 6);
    expect(total[7]).toBeCloseTo(led.periods[0]!.cost!, 6);
    const json = answerOf(MonthlyReportSchema, await (await apiFetch(`${base}&format=json&lang=en`)).json());
    expect(json.totals.kgce).toBeCloseTo(led.periods[0]!.kgce, 6);
    const pdf = await apiFetch(`${base}&format=pdf&lang=en`);
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    mkdirSync('test-results', { recursive: true });
    writeFileSync(join('test-results', `ledger-report-${storeEnv().QW_STORE}.pdf`), bytes);
    const bad = await apiFetch(`${base.replace('xa-cement', 'nowhere')}&format=xlsx`);
    expect(bad.status).toBe(400);
  }, 60_000);

  it('refuses bad entries and queries with reason codes, changing nothing', async () => {
    const n = ((await (await apiFetch(`${server.httpUrl}/api/ledger/entries`)).json()) as { entries: unknown[] })
      .entries.length;
    const bad = await post(server, {
      kind: 'correction',
      plantId: 'nope',
      deviceId: 'x',
      category: 'coal?',
      date: '2024-13-01',
      quantity: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p) => p.code).sort()).toEqual(
      // category and quantity invalid, a 13th month, an unknown plant (`by` is the caller's, never missing)
      ['FIELD_INVALID', 'FIELD_INVALID', 'PERIOD_INVALID', 'PLANT_UNKNOWN'].sort(),
    );
    expect((await post(server, { kind: 'spam', by: 'x' })).body.problems[0]!.code).toBe('KIND_UNKNOWN');
    expect((await post(server, [1, 2])).body.problems[0]!.code).toBe('BODY_INVALID');
    const q = await apiFetch(
      `${server.httpUrl}/api/ledger?level=galaxy&granularity=day&id=x&from=2024-01-01&to=2024-01-01`,
    );
    expect(q.status).toBe(400);
    expect(((await q.json()) as { problems: Array<{ code: string }> }).problems[0]!.code).toBe('LEVEL_UNKNOWN');
    const long = await apiFetch(
      `${server.httpUrl}/api/ledger?level=plant&granularity=15min&id=xa-cement&from=2020-01-01T00:00&to=2024-01-01T00:00`,
    );
    expect(((await long.json()) as { problems: Array<{ code: string }> }).problems[0]!.code).toBe('RANGE_TOO_LONG');
    const after = ((await (await apiFetch(`${server.httpUrl}/api/ledger/entries`)).json()) as { entries: unknown[] })
      .entries.length;
    expect(after).toBe(n);
  });

  it('describes every /api/ledger route of the controller in /api/openapi.json', async () => {
    const src = readFileSync(join('apps', 'server', 'src', 'ledger', 'ledger.controller.ts'), 'utf8');
    const declared = [...src.matchAll(/@(?:Get|Post)\((?:'([^']*)')?\)/g)].map((m) =>
      m[1] ? `/api/ledger/${m[1]}` : '/api/ledger',
    );
    const api = (await (await apiFetch(`${server.httpUrl}/api/openapi.json`)).json()) as { paths: object };
    expect(declared.length).toBeGreaterThan(0);
    expect(Object.keys(api.paths)).toEqual(expect.arrayContaining(declared));
  });
}

describe('energy ledger end to end on the embedded store', () => {
  ledgerOverRealServer(() => ({ QW_STORE: 'embedded' }));
});

describe('energy ledger end to end on InfluxDB 1.x', () => {
  if (!requireInfluxInCi('ledger on InfluxDB 1.x')) return;
  ledgerOverRealServer(() => ({
    QW_STORE: 'influxdb1',
    QW_INFLUX_URL: INFLUX_URL!,
    QW_INFLUX_DATABASE: uniqueDb('ledger'),
  }));
});
