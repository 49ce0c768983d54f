import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type {
  Alert,
  FleetList,
  KpiHistoryResponse,
  LedgerResponse,
  MonitoringReport,
  PlanComplianceReport,
  RegisterEntry,
} from '#contracts';
import { launchBrowser, SCREENSHOT_DIR, signedInPage } from '../support/browser.js';
import { apiFetch, createAccount, startServer, type ServerProcess } from '../support/server-process.js';
import { DEMO_FLEET, publishSimulatedDay, type SimulatedDay } from '../support/ledger-day.js';

/**
 * The regulators' page walked from the province down to one device at 1366×768, in Chinese and English, on the
 * built server over a simulated day of the demo fleet: at each level the page shows the API's figures for the
 * caller's scope; a Xi'an regulator sees nothing of Baoji; the online-monitoring indicators have their own view.
 */
describe('regulator: the walk from the province to one device, and the monitoring indicators', () => {
  let server: ServerProcess;
  let browser: Browser;
  let day: SimulatedDay;
  let month: string;
  let xa: { username: string; password: string; token: string };
  const VIEW = { viewport: { width: 1366, height: 768 } };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOT_DIR, `regulator-walk-${name}.png`), fullPage: true });
  const api = async <T>(path: string, token?: string): Promise<T> => {
    const res = token
      ? await fetch(`${server.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
      : await apiFetch(`${server.httpUrl}${path}`);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    server = await startServer({ QW_FLEET_FILE: DEMO_FLEET });
    [day, browser] = await Promise.all([publishSimulatedDay(server), launchBrowser()]);
    month = day.date.slice(0, 7);
    xa = await createAccount(server, { username: 'reg-xa', role: 'regulator', scope: { regions: ['610100'] } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** the page's text of a cell, spaces collapsed */
  const text = async (page: Page, selector: string) =>
    ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

  it('a Xi’an regulator drills down province → region → enterprise → line → equipment → device (zh, then en)', async () => {
    const page = await signedInPage(browser, server, { ...VIEW, locale: 'zh-CN' }, xa);
    await page.addInitScript(() => localStorage.setItem('qw.lang', 'zh'));
    const q = `granularity=month&from=${month}&to=${month}`;
    const plan = await api<PlanComplianceReport>(`/api/regulator/plan?${q}`, xa.token);
    // the root of a prefecture's regulator is their prefecture, and the figures are those of Xi'an only
    expect(plan.scope.region).toBe('610100');
    await page.goto(`${server.httpUrl}/regulator.html?${q}`);
    await page.waitForSelector('#plan-totals tr[data-field="cement_clinker"]');
    expect(await text(page, '#plan-crumbs')).toContain('西安市');
    const clinker = plan.periods[0]!.fields.find((f) => f.field === 'cement_clinker')!;
    expect(await text(page, '#plan-totals tr[data-field="cement_clinker"] td:nth-child(3)')).toContain(
      clinker.totalCapacity.toLocaleString('zh-CN'),
    );
    await shot(page, 'province-zh');

    await page.click('#plan-enterprises tr[data-enterprise="demo-group"] a');
    await page.waitForSelector('#plan-lines tr[data-line="clinker-1"]');
    const line = plan.periods[0]!.lines.find((l) => l.lineId === 'clinker-1')!;
    expect(await text(page, '#plan-lines tr[data-line="clinker-1"] .value')).toContain(line.value!.toFixed(1));
    await shot(page, 'enterprise-zh');

    await page.click('#plan-lines tr[data-line="clinker-1"] a');
    await page.waitForSelector('#plan-equipment-table tr[data-device]');
    // the line's equipment: the units of its plant the caller sees, the measuring kiln first, no Baoji unit
    const fleet = await api<FleetList>('/api/fleet', xa.token);
    expect(fleet.devices.some((d) => d.plantId === 'bj-chem')).toBe(false);
    // the enterprises of the plants in scope, and no other: a unit's plant outside any enterprise shows none
    expect(fleet.enterprises.map((e) => e.id)).toEqual(['demo-group']);
    const lab = await createAccount(server, { username: 'op-lab', role: 'operator', scope: { plants: ['sim-lab'] } });
    expect((await api<FleetList>('/api/fleet', lab.token)).enterprises).toEqual([]);
    const units = await page
      .locator('#plan-equipment-table tr[data-device]')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.device));
    expect(units[0]).toBe('kiln-1');
    expect([...units].sort()).toEqual(
      fleet.devices
        .filter((d) => d.plantId === 'xa-cement')
        .map((d) => d.id)
        .sort(),
    );
    // each unit's energy over the month is the ledger's, and its grade the register's
    const register = await api<RegisterEntry[]>('/api/register?plantId=xa-cement', xa.token);
    for (const id of ['kiln-1', 'mill-motor-1', 'tx-1']) {
      const led = await api<LedgerResponse>(
        `/api/ledger?level=device&id=${id}&plantId=xa-cement&granularity=month&from=${month}&to=${month}`,
        xa.token,
      );
      const kgce = led.periods.reduce((s, p) => s + p.kgce, 0);
      expect(kgce).toBeGreaterThan(0);
      expect(await text(page, `#plan-equipment-table tr[data-device="${id}"] .energy`)).toContain(
        kgce.toLocaleString('zh-CN', { maximumFractionDigits: 0 }),
      );
      const g = register.find((e) => e.deviceId === id)?.grade;
      const cell = await text(page, `#plan-equipment-table tr[data-device="${id}"] .grade`);
      expect(cell).toContain(g === undefined ? '未分级' : g === 'below' ? '低于3级' : `等级 ${g}`);
    }
    // yesterday's data: every unit's latest KPI window is long past, so the state says the data stopped
    expect(await text(page, '#plan-equipment-table tr[data-device="kiln-1"] .state')).toContain('数据中断');
    expect(await text(page, '#plan-equipment')).toContain('不是规划的口径');
    await shot(page, 'equipment-zh');

    await page.click('#plan-equipment-table tr[data-device="kiln-1"] a');
    await page.waitForSelector('#plan-device-page');
    expect(new URL(page.url()).searchParams.get('device')).toBe('kiln-1');
    expect(await text(page, '#plan-crumbs')).toMatch(/西安市.*秦岭建材.*1号熟料线.*kiln-1/);
    const p0 = plan.periods[0]!;
    const kpi = await api<KpiHistoryResponse>(
      `/api/history/plants/xa-cement/devices/kiln-1/kpi?from=${p0.start}&to=${Math.min(p0.end, Date.now())}&resolution=1h`,
      xa.token,
    );
    expect(kpi.rows.length).toBeGreaterThan(20);
    expect(await text(page, '#device-kpi .hours')).toBe(String(kpi.rows.length));
    const mean = kpi.rows.reduce((s, r) => s + r.value, 0) / kpi.rows.length;
    expect(await text(page, '#device-kpi .mean')).toBe(
      mean.toLocaleString('zh-CN', { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
    );
    const alerts = (await api<Alert[]>('/api/alerts?plantId=xa-cement&deviceId=kiln-1', xa.token)).filter(
      (a) => a.openedAt < p0.end,
    );
    expect(await page.locator('#device-alerts tr[data-alert]').count()).toBe(alerts.length);
    await shot(page, 'device-zh');

    await page.click('#lang');
    await page.waitForFunction(() => document.querySelector('#plan-crumbs')?.textContent?.includes('Clinker line 1'));
    await page.waitForSelector('#plan-device-page h4');
    expect(await text(page, '#plan-device-page')).toContain('Hours with data');
    await shot(page, 'device-en');
    await page.click('#plan-crumbs a.crumb >> nth=-1');
    await page.waitForSelector('#plan-equipment-table');
    expect(await text(page, '#plan-equipment-table thead')).toContain('Grade (register, platform convention)');
    await shot(page, 'equipment-en');
    await page.click('#plan-crumbs a.crumb >> nth=0');
    await page.waitForSelector('#plan-enterprises');
    await shot(page, 'province-en');

    // Baoji is out of this regulator's scope: its region, its plant's unit figures and its ledger are refused
    const refused = await page.evaluate(async () =>
      Promise.all(
        [
          '/api/regulator/plan?from=2026-01&to=2026-01&region=610300',
          '/api/history/plants/bj-chem/devices/boiler-1/kpi',
          '/api/ledger?level=device&id=boiler-1&plantId=bj-chem&granularity=month&from=2026-01&to=2026-01',
          '/api/register?plantId=bj-chem',
          // demo-group is registered in Xi'an but runs the Baoji plant: its report as a whole is not this regulator's
          '/api/ledger/reports/monthly?level=enterprise&id=demo-group&month=2026-01',
        ].map(async (u) => {
          const r = await fetch(u);
          return r.status;
        }),
      ),
    );
    expect(refused).toEqual([404, 404, 404, 404, 404]);
    // demo-group's monitoring figures for this regulator cover its Xi'an plant only, and the page says so
    const mon = await api<MonitoringReport>(`/api/regulator/monitoring?enterprise=demo-group&month=${month}`, xa.token);
    expect(mon).toMatchObject({ plants: ['xa-cement'], partial: true });
    expect(mon.monthly.outputs.map((o) => o.line)).toEqual(['kiln-1']);
    await page.fill('#mon-form [name=month]', month);
    await page.selectOption('#mon-form [name=enterprise]', 'demo-group');
    await page.click('#mon-form button');
    await page.waitForSelector('#mon-partial');
    expect(await text(page, '#mon-partial')).toContain('xa-cement');
    await page.context().close();
  }, 120_000);

  it("the online-monitoring indicators: the enterprise's codes, month, days, quarter-hours, flags and deliveries", async () => {
    const page = await signedInPage(browser, server, { ...VIEW, locale: 'zh-CN' });
    await page.addInitScript(() => localStorage.setItem('qw.lang', 'zh'));
    await page.goto(`${server.httpUrl}/regulator.html?granularity=month&from=${month}&to=${month}`);
    await page.waitForSelector('#mon-form option[value="demo-group"]', { state: 'attached' });
    // the pickers name the enterprise in the page's language, not by its id
    expect(await text(page, '#mon-form option[value="demo-group"]')).toBe('秦岭建材化工集团有限公司（虚构）');
    expect(await text(page, '#feed-plant option[value="e:demo-group"]')).toBe('秦岭建材化工集团有限公司（虚构）');
    await page.fill('#mon-form [name=month]', month);
    await page.selectOption('#mon-form [name=enterprise]', 'demo-group');
    await page.click('#mon-form button');
    await page.waitForSelector(`#mon-days tr[data-period="${day.date}"]`);
    const r = await api<MonitoringReport>(`/api/regulator/monitoring?enterprise=demo-group&month=${month}`);
    expect(await text(page, '#mon-uscc')).toBe(r.enterprise.uscc);
    expect(r).toMatchObject({ plants: ['xa-cement', 'bj-chem'], partial: false });
    expect(await text(page, '#mon-region')).toBe('610100');
    expect(await text(page, '#mon-industry')).toBe(r.enterprise.industries.join(', '));
    expect(await text(page, '#mon-zone')).toBe('Asia/Shanghai');
    expect(await text(page, '#mon-asof')).toMatch(/\d{4}/);
    const d = r.daily.find((x) => x.label === day.date)!;
    const row = `#mon-days tr[data-period="${day.date}"]`;
    expect(await text(page, `${row} .completeness`)).toBe(`${(d.completeness * 100).toFixed(1)}%`);
    expect(await text(page, `${row} .kgce`)).toBe(d.kgce.toLocaleString('zh-CN', { maximumFractionDigits: 0 }));
    expect(await text(page, `${row} td:nth-child(3)`)).toContain('电力');
    // a day before the simulated one has no data: 0 %, flagged incomplete in Chinese
    const empty = r.daily.find((x) => x.label < day.date);
    if (empty) expect(await text(page, `#mon-days tr[data-period="${empty.label}"] .flags`)).toBe('数据不完整');
    expect(await page.locator('#mon-quarter-hours tbody td').count()).toBe(96);
    expect(await text(page, '#mon-quarter-hours tbody tr:first-child td:first-of-type')).toBe(
      r.realtime[0]!.kgce.toLocaleString('zh-CN', { maximumFractionDigits: 0 }),
    );
    expect(await page.locator('#mon-consistency tbody tr').count()).toBe(r.consistency.length);
    await page
      .locator('#monitoring-section')
      .screenshot({ path: join(SCREENSHOT_DIR, 'regulator-walk-monitoring-zh.png') });
    await page.click('#lang');
    await page.waitForFunction(() => document.querySelector('#monitoring-section h2')?.textContent?.includes('Online'));
    expect(await text(page, `${row} td:nth-child(3)`)).toContain('Electricity');
    await page
      .locator('#monitoring-section')
      .screenshot({ path: join(SCREENSHOT_DIR, 'regulator-walk-monitoring-en.png') });
    await page.context().close();
  }, 60_000);
});
