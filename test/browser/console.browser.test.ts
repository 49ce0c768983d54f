import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { generateFleet } from '#device-sim';
import { launchBrowser, SCREENSHOT_DIR } from '../support/browser.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
];

describe('the operators’ console in a real headless Chromium', () => {
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

  const liveValue = async (page: Page) => {
    const value = page.locator('[data-device="xa-cement/mill-motor-1"] [data-metric="active_power"] b');
    await page.waitForFunction((el) => el !== null && el.textContent !== '—', await value.elementHandle(), {
      timeout: 60_000,
    });
    return value;
  };

  it('shows every demo unit with live values, counts per state, filters and search, in both languages', async () => {
    const page = await browser.newPage({ viewport: SIZES[0], locale: 'zh-CN' });
    await page.goto(server.httpUrl);
    await page.waitForSelector('[data-device="xa-cement/mill-motor-1"]');
    expect(await page.locator('.card').count()).toBe(10);
    const value = await liveValue(page);
    const first = await value.textContent();
    await page.waitForFunction(([el, before]) => (el as Element).textContent !== before, [
      await value.elementHandle(),
      first,
    ] as const);
    expect(await page.locator('#conn').getAttribute('data-state')).toBe('connected');
    expect(await page.locator('.brand .sub').textContent()).toBe('重点用能设备能效在线监测');

    // every unit is counted in exactly one state; the plant tiles add up to the fleet
    const counts = await page.locator('.states .chip b').allTextContents();
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(10);
    expect(await page.locator('.plant-tile').count()).toBe(3);
    // the raw-mill motor is metered on input power only: it says so with its shape, and its card says why
    const mill = page.locator('[data-device="xa-cement/mill-motor-1"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-device="xa-cement/mill-motor-1"]')?.getAttribute('data-status'),
    );
    expect(await mill.locator('.kfoot').textContent()).toBe('仅有输入功率，效率不可观测');

    // filters: a class, then a search
    await page.selectOption('.f-class', 'boiler');
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 2);
    await page.selectOption('.f-class', '');
    await page.fill('.f-search', 'kiln');
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 2);
    await page.fill('.f-search', '');
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 10);

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `console-zh-${size.width}.png`) });
    }
    await page.click('#lang');
    expect(await page.locator('.brand .sub').textContent()).toBe('Live efficiency of key energy-using equipment');
    await page.waitForFunction(() => document.querySelector('.card .age')?.textContent?.includes('s ago'));
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `console-en-${size.width}.png`) });
    }

    // a plant tile leads to the plant display, the breadcrumb back to all plants
    await page.click('.plant-tile[data-plant="bj-chem"]');
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 5);
    expect(await page.locator('.crumbs b').textContent()).toBe('Baoji Chemical Plant');
    await page.click('.crumbs a');
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 10);
  }, 120_000);

  it('keeps only the cards in view in the page at 2,000 units, and shows the last plant’s when scrolled to the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-console-'));
    const fleetFile = join(dir, 'fleet.json');
    writeFileSync(fleetFile, JSON.stringify(generateFleet({ devices: 2000, gateways: 40, plants: 20 })));
    const big = await startServer({ QW_FLEET_FILE: fleetFile, QW_MQTT_AUTH: 'off' });
    try {
      const page = await browser.newPage({ viewport: SIZES[1], locale: 'en-GB' });
      await page.goto(big.httpUrl);
      await page.waitForSelector('.card');
      expect(await page.locator('.shown').textContent()).toBe('2000 shown');
      // a few rows of cards, not 2,000: layout and paint of the whole fleet is what saturated the main thread
      expect(await page.locator('.card').count()).toBeLessThan(60);
      await page.locator('#app').evaluate((el) => (el.scrollTop = el.scrollHeight));
      // the last plant's units (plants in numeric order) come into view
      await page.waitForSelector('.card[data-device^="plant-20/"]');
      expect(await page.locator('.card').count()).toBeLessThan(60);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'console-2000-en-1366.png') });
    } finally {
      await big.stop();
    }
  }, 60_000);
});
