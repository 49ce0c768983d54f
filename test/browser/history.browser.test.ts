import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, SCREENSHOT_DIR, signedInPage } from '../support/browser.js';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';

describe('the console’s per-device history panel in a real headless Chromium', () => {
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
    const url = `${server.httpUrl}/api/history/plants/xa-cement/devices/mill-motor-1?from=${to - 3_600_000}&to=${to}`;
    return ((await (await apiFetch(url)).json()) as { rows: unknown[] }).rows.length;
  };

  it('opens on a card click and draws the stored history of its main metrics', async () => {
    const page = await signedInPage(browser, server, { viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    await page.goto(server.httpUrl);
    const card = page.locator('[data-device="xa-cement/mill-motor-1"]');
    await card.waitFor();
    // the demo publishes only once its detectors have learned from simulated history, after the platform is ready
    // (seconds of CPU, more on a busy machine): the panel reads the store when it opens, so a few readings must have
    // been stored before there is a line to draw
    while ((await storedRows()) < 3) await new Promise((r) => setTimeout(r, 250));
    await card.click();
    const svg = page.locator('#history figure[data-metric="active_power"] svg');
    await svg.waitFor();
    expect(Number(await svg.getAttribute('data-points'))).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#history figure').count()).toBe(3);
    expect(await page.locator('#history h3').textContent()).toContain('历史曲线');
    expect(await page.locator('#history .hist-res').textContent()).toBe('原始数据');
    const line = await page.locator('#history figure[data-metric="active_power"] polyline').getAttribute('points');
    expect(line!.split(' ').length).toBe(Number(await svg.getAttribute('data-points')));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-history-zh.png') });

    // 24 hours: the API answers 1-minute windows, drawn with their min–max band
    await page.click('#history [data-range="86400000"]');
    await page.waitForFunction(() => document.querySelector('#history .hist-res')?.textContent?.startsWith('1分钟'));
    expect(await page.locator('#history polygon.band').count()).toBe(3);

    await page.click('#lang');
    expect(await page.locator('#history h3').textContent()).toContain('History');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-history-en.png') });
    await page.keyboard.press('Escape');
    expect(await page.locator('#history').isHidden()).toBe(true);
  }, 90_000);
});
