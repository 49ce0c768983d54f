import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ApiErrorBody, LedgerResponse, MonitoringReport, PlanComplianceReport } from '#contracts';
import { launchBrowser, SCREENSHOT_DIR, signedInPage } from '../support/browser.js';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';
import { DEMO_FLEET, publishSimulatedDay, type SimulatedDay } from '../support/ledger-day.js';

/**
 * Compliance per the plan on the built server over a simulated day of the demo fleet (its clinker line measured by
 * kiln-1), through the API and the regulator page in real headless Chromium, drilled down to the line.
 */
describe('regulator: compliance per the plan', () => {
  let server: ServerProcess;
  let browser: Browser;
  let day: SimulatedDay;
  let month: string;
  const plan = async (q: string) => apiFetch(`${server.httpUrl}/api/regulator/plan?${q}`);

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    server = await startServer({ QW_FLEET_FILE: DEMO_FLEET });
    [day, browser] = await Promise.all([publishSimulatedDay(server), launchBrowser()]);
    month = day.date.slice(0, 7);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("judges the line on the ledger's unit-product figure, and one day of a month is insufficient data", async () => {
    const res = await plan(`granularity=month&from=${month}&to=${month}`);
    expect(res.status).toBe(200);
    const r = (await res.json()) as PlanComplianceReport;
    const ledger = (await (
      await apiFetch(
        `${server.httpUrl}/api/ledger?level=device&id=kiln-1&plantId=xa-cement&granularity=month&from=${month}&to=${month}`,
      )
    ).json()) as LedgerResponse;
    const kiln = ledger.periods[0]!.outputs.find((o) => o.line === 'kiln-1')!;
    const line = r.periods[0]!.lines.find((l) => l.lineId === 'clinker-1')!;
    expect(line.value).toBeCloseTo(kiln.kgcePerUnit!, 9);
    expect(line).toMatchObject({ status: 'insufficient', unit: 'kgce/t', benchmark: 100, baseline: 117 });
    // a day of data in a month of 28-31 days: well below 90 %
    expect(line.completeness).toBeLessThan(0.1);
    expect(r.periods[0]!.fields[0]).toMatchObject({
      field: 'cement_clinker',
      totalCapacity: 1_550_000,
      shareAtOrAboveBaseline: 0,
      shareMissing: 1,
      meetsTargets: false,
    });
    expect(r.periods[0]!.enterprises[0]).toMatchObject({ id: 'demo-group', uscc: '91610100MA6U0Q8K2P' });
  });

  it('narrows to a region or an enterprise, refuses a bad period, and exports CSV', async () => {
    const baoji = (await (await plan(`from=${month}&to=${month}&region=610300`)).json()) as PlanComplianceReport;
    expect(baoji.periods[0]!.lines).toEqual([]);
    const group = (await (
      await plan(`from=${month}&to=${month}&enterprise=demo-group`)
    ).json()) as PlanComplianceReport;
    expect(group.periods[0]!.lines.map((l) => l.lineId)).toEqual(['clinker-1']);
    const bad = await plan(`granularity=quarter&from=${month}&to=${month}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiErrorBody).problems[0]!.message).toMatch(/month label/);
    const worse = await plan('from=2026-13&to=2026-01&region=61');
    expect(((await worse.json()) as ApiErrorBody).problems.map((p) => p.path).sort()).toEqual(['from', 'region']);
    const bytes = Buffer.from(
      await (await apiFetch(`${server.httpUrl}/api/regulator/plan.csv?from=${month}&to=${month}`)).arrayBuffer(),
    );
    // a BOM first, so spreadsheet programs read the Chinese headers as UTF-8
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.startsWith('period 期间,')).toBe(true);
    expect(csv).toContain(`${month},enterprise,demo-group,91610100MA6U0Q8K2P,cement_clinker,t/a,1,1550000,`);
  });

  it("an enterprise's online-monitoring indicators: the simulated day complete, the days without data flagged", async () => {
    const res = await apiFetch(`${server.httpUrl}/api/regulator/monitoring?enterprise=demo-group&month=${month}`);
    expect(res.status).toBe(200);
    const r = (await res.json()) as MonitoringReport;
    expect(r.enterprise).toMatchObject({ uscc: '91610100MA6U0Q8K2P', region: '610100', industries: ['3011'] });
    const d = r.daily.find((x) => x.label === day.date)!;
    expect(d.completeness).toBeGreaterThanOrEqual(0.9);
    expect(d.flags).toEqual([]);
    expect(d.categories.find((c) => c.category === 'electricity')!.quantity).toBeGreaterThan(0);
    // every earlier day of the month has no data at all: 0 % of its samples, flagged
    for (const x of r.daily.filter((x) => x.label < day.date))
      expect(x).toMatchObject({ completeness: 0, flags: ['INCOMPLETE'] });
    // the days sum to the month (the same meters), and the month, one day of data, is incomplete
    for (const c of r.consistency) expect(Math.abs(c.deviation)).toBeLessThan(1e-9);
    expect(r.monthly.completeness).toBeLessThan(0.9);
    // a month still running is not judged on completeness yet, but its newest data (yesterday's) is late, except in
    // the first 16 minutes after plant-local midnight, when yesterday's last quarter-hour is not overdue yet
    expect(r.lagMs).toBe(r.asOf - day.start - 86_400_000);
    const late = r.lagMs! > r.thresholds.latenessMs ? ['LATE'] : [];
    expect(r.monthly.flags).toEqual(r.monthly.end > r.asOf ? late : ['INCOMPLETE']);
    // the 15-minute figures of the last day with data
    expect(r.realtime).toHaveLength(96);
    expect(r.realtime[0]!.label).toBe(`${day.date}T00:00`);
    const bad = await apiFetch(`${server.httpUrl}/api/regulator/monitoring?enterprise=nobody&month=${month}`);
    expect(bad.status).toBe(400);
  });

  it('the page: totals, as of, completeness, drill-down province → region → enterprise → line → device', async () => {
    const page = await signedInPage(browser, server, { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await page.addInitScript(() => localStorage.setItem('qw.lang', 'zh'));
    await page.goto(`${server.httpUrl}/regulator.html?granularity=month&from=${month}&to=${month}`);
    await page.waitForSelector('#plan-totals tr[data-field="cement_clinker"]');
    expect(await page.locator('#plan-totals tr[data-field="cement_clinker"] td').first().textContent()).toBe(
      '水泥熟料',
    );
    expect(await page.locator('#plan-period').textContent()).toBe(month);
    expect(await page.locator('#plan-completeness').textContent()).toMatch(/^\d+\.\d%$/);
    expect(await page.locator('#plan-asof').textContent()).toMatch(/\d{4}/);
    expect(await page.locator('#plan-enterprises .uscc').textContent()).toBe('91610100MA6U0Q8K2P');
    expect(await page.locator('#equipment-section h2').textContent()).toContain('非规划口径');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'regulator-plan-province-zh.png'), fullPage: true });

    await page.click('#plan-regions tr[data-region="610100"] a');
    await page.waitForFunction(() => document.querySelector('#plan-crumbs')?.textContent?.includes('西安市'));
    expect(new URL(page.url()).searchParams.get('region')).toBe('610100');
    // under a prefecture, the regions are its counties (the demo plants carry the prefecture code itself)
    await page.click('#plan-enterprises tr[data-enterprise="demo-group"] a');
    await page.waitForSelector('#plan-lines tr[data-line="clinker-1"]');
    expect(await page.locator('#plan-lines tr[data-line="clinker-1"] .status').textContent()).toBe('数据不足');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'regulator-plan-enterprise-zh.png'), fullPage: true });

    await page.click('#plan-lines tr[data-line="clinker-1"] a');
    await page.waitForSelector('#plan-line');
    expect(await page.locator('#plan-crumbs').textContent()).toContain('1号熟料线');
    expect(await page.locator('#plan-device').textContent()).toContain('xa-cement / kiln-1');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'regulator-plan-line-zh.png'), fullPage: true });

    // English, same view
    await page.click('#lang');
    await page.waitForFunction(() => document.querySelector('#plan-crumbs')?.textContent?.includes('Clinker line 1'));
    expect(await page.locator('#plan-line .status').first().textContent()).toBe('Insufficient data');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'regulator-plan-line-en.png'), fullPage: true });

    // back up to the province in English, then down to the measuring device's figures in the ledger
    await page.click('#plan-crumbs a.crumb >> nth=0');
    await page.waitForSelector('#plan-regions');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'regulator-plan-province-en.png'), fullPage: true });
    await page.goBack();
    await page.waitForSelector('#plan-device');
    await page.click('#plan-device');
    await page.waitForSelector('#outputs tr[data-line="kiln-1"]');
  }, 90_000);
});
