import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, SCREENSHOT_DIR, signedInPage } from '../support/browser.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

describe('the console in a real headless Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // the demo plant publishes every 200 ms over MQTT to the embedded broker
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

  it('shows every demo device and a live value that changes', async () => {
    const page = await signedInPage(browser, server, { viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    await page.goto(server.httpUrl);
    await page.waitForSelector('[data-device="xa-cement/mill-motor-1"]');
    expect(await page.locator('.card').count()).toBe(10);

    const value = page.locator('[data-device="xa-cement/mill-motor-1"] [data-metric="active_power"] b');
    await page.waitForFunction((el) => el !== null && el.textContent !== '—', await value.elementHandle());
    const first = await value.textContent();
    await page.waitForFunction(([el, before]) => (el as Element).textContent !== before, [
      await value.elementHandle(),
      first,
    ] as const);
    expect(await value.textContent()).not.toBe(first);
    expect(await page.locator('#conn').getAttribute('data-state')).toBe('connected');
    expect(await page.locator('.brand .sub').textContent()).toBe('重点用能设备能效在线监测');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-zh.png'), fullPage: true });

    await page.click('#lang');
    expect(await page.locator('.brand .sub').textContent()).toBe('Live efficiency of key energy-using equipment');
    await page.waitForFunction(() => document.querySelector('.card .age')?.textContent?.includes('s ago'));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-en.png'), fullPage: true });
  });
});
