import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, SCREENSHOT_DIR } from '../support/browser.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

describe('the unit display: diagnostics and uPlot trends from the history API (real headless Chromium)', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    server = await startServer({
      QW_DEMO: 'true',
      QW_DEMO_INTERVAL_MS: '200',
      QW_FLEET_FILE: 'device-sim/fleets/demo.json',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Rows the history API holds for the device over the past hour. */
  const storedRows = async (): Promise<number> => {
    const to = Date.now();
    const url = `${server.httpUrl}/api/history/plants/bj-chem/devices/pump-1?from=${to - 3_600_000}&to=${to}`;
    return ((await (await fetch(url)).json()) as { rows: unknown[] }).rows.length;
  };

  it('opens from a card, draws the KPI with its limit and the raw channels on one time axis, zooms out', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    await page.goto(server.httpUrl);
    const card = page.locator('[data-device="bj-chem/pump-1"]');
    await card.waitFor();
    // the demo publishes only once its detectors have learned from simulated history: a few readings must be stored
    // before there is a line to draw
    while ((await storedRows()) < 3) await new Promise((r) => setTimeout(r, 250));
    await card.click();
    expect(await page.evaluate(() => location.hash)).toBe('#/unit/bj-chem/pump-1');
    const kpi = page.locator('#unit .trend-kpi');
    await kpi.waitFor();
    expect(Number(await kpi.getAttribute('data-points'))).toBeGreaterThanOrEqual(3);
    // the KPI chart's read-out names the KPI and the class limit with their unit; the raw channels sit beneath
    const legend = await kpi.locator('.u-legend').textContent();
    expect(legend).toContain('能效限值');
    expect(await page.locator('#unit .trend-raw').count()).toBe(3);
    expect(await page.locator('#unit .hist-res').textContent()).toBe('原始数据');
    expect(await page.locator('#unit .tz').textContent()).toContain('Asia/Shanghai');
    expect(await page.locator('#unit .crumbs').textContent()).toContain('宝鸡化工厂');
    // the diagnostics speak the page's language, not the API's codes
    const diag = await page.locator('#unit .diag dd').allTextContents();
    expect(diag.length).toBeGreaterThanOrEqual(3);
    for (const d of diag.slice(0, 3)) expect(d).not.toMatch(/^(off|starting|steady|unloaded|transient|fit|monitor)/);
    // the cursor read-out carries the unit
    const box = (await kpi.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width - 5, box.y + box.height / 2);
    await page.waitForFunction(() => /%/.test(document.querySelector('#unit .trend-kpi .u-legend')?.textContent ?? ''));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'unit-zh-1920.png') });

    // 24 hours: 1-minute rollups
    await page.click('#unit [data-range="86400000"]');
    await page.waitForFunction(() => document.querySelector('#unit .hist-res')?.textContent?.startsWith('1分钟'));
    await page.waitForSelector('#unit .trend-kpi');

    await page.click('#lang');
    expect(await page.locator('#unit .crumbs').textContent()).toContain('Baoji Chemical Plant');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'unit-en-1366.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#unit', { state: 'hidden' });
    expect(await page.evaluate(() => location.hash)).toBe('#/plant/bj-chem');
  }, 90_000);
});
