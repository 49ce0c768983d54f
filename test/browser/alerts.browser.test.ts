import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import type { Alert, FleetSpec } from '#contracts';
import { launchBrowser, SCREENSHOT_DIR } from '../support/browser.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { publishScenario } from '../support/detection-scenario.js';

const FLEET = 'device-sim/fleets/demo.json';
const ENV = { QW_FLEET_FILE: FLEET, QW_DETECT_FIT_MIN: '20', QW_DETECT_CALIBRATE_MIN: '20' };

/**
 * An operator's shift: the overview, a unit in alarm, its trend with the limit and the alert, acknowledge, a
 * network cut during which an action fails visibly and the alert is resolved elsewhere, then a server restart; the
 * alert list is checked against the server's after each.
 */
describe('an operator works an alert in the console (real headless Chromium)', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    server = await startServer(ENV);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const serverList = async () =>
    ((await (await fetch(`${server.httpUrl}/api/alerts?state=open,acknowledged,shelved`)).json()) as Alert[])
      .map((a) => a.id)
      .sort();
  const pageList = async (page: Page) =>
    (await page.locator('#alerts [data-alert]').evaluateAll((els) => els.map((e) => e.getAttribute('data-alert')!)))
      .slice()
      .sort();

  it('overview → unit in alarm → trend with the alert → acknowledge → network cut → restart → resolve', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    // every socket.io connection goes through here, so the test can cut the network and restore it
    let cut = false;
    const open: WebSocketRoute[] = [];
    await page.routeWebSocket(/socket\.io/, (ws) => {
      if (cut) return void ws.close();
      ws.connectToServer();
      open.push(ws);
    });
    await page.goto(server.httpUrl);
    await page.waitForSelector('[data-device="xa-cement/mill-motor-1"]');
    expect(await page.locator('#alerts .none').textContent()).toBe('当前无告警');

    // the whole demo fleet, 215 minutes of data time; the compressor loses 5 % efficiency after 200
    const fleet = JSON.parse(readFileSync(FLEET, 'utf8')) as FleetSpec;
    await publishScenario(server.mqttUrl, fleet.devices, {
      learnMin: 200,
      stepMin: 15,
      drop: 0.05,
      faultDeviceId: 'comp-1',
    });
    const row = page.locator('#alerts [data-alert]', { hasText: 'comp-1' }).first();
    await row.waitFor();
    const id = (await row.getAttribute('data-alert'))!;
    expect(await row.getAttribute('data-state')).toBe('open');
    // named by unit and plant, counted in the header, and the unit is first in the grid, in alarm
    expect(await row.locator('.who').textContent()).toContain('西安水泥厂');
    expect(Number(await page.locator('#alert-count').textContent())).toBeGreaterThanOrEqual(1);
    const comp = page.locator('[data-device="xa-cement/comp-1"]');
    expect(await comp.getAttribute('data-status')).toBe('alarm');
    expect(await comp.locator('.st').textContent()).toBe('▲ 告警');
    expect(await page.locator('.card').first().getAttribute('data-status')).toBe('alarm');
    // its evidence: the window and the baseline that triggered it
    await row.locator('.evidence summary').click();
    expect(await row.locator('.evidence dt').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'shift-1-overview-zh.png') });

    // the unit and its trend: the KPI with its class limit and the alert as a shaded span (24 h: the scenario's
    // data lies earlier today or yesterday)
    await row.locator('.who a').click();
    await page.waitForSelector('#unit:not([hidden]) .unit-top');
    await page.click('#unit [data-range="86400000"]');
    const kpiChart = page.locator('#unit .trend-kpi');
    await kpiChart.waitFor();
    expect(Number(await kpiChart.getAttribute('data-points'))).toBeGreaterThan(10);
    expect(Number(await kpiChart.getAttribute('data-markers'))).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#unit .trend-raw').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#unit .tz').textContent()).toContain('Asia/Shanghai');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'shift-2-unit-zh.png') });

    // acknowledge
    await row.locator('button[data-action="acknowledge"]').click();
    await page.waitForSelector(`#alerts [data-alert="${id}"][data-state="acknowledged"]`);

    // the network is cut: the page says so, an action fails on its row with a retry
    cut = true;
    open.splice(0).forEach((ws) => ws.close());
    await page.waitForSelector('#conn[data-state="disconnected"]');
    page.once('dialog', (d) => void d.accept('checked on site'));
    await page.locator(`#alerts [data-alert="${id}"] button[data-action="resolve"]`).click();
    await page.waitForSelector(`#alerts [data-alert="${id}"] .act-error`);
    expect(await page.locator(`#alerts [data-alert="${id}"] .act-error`).textContent()).toContain('未发送');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'shift-3-offline-zh.png') });

    // meanwhile a colleague resolves it; back online, the page's list is the server's: the alert is gone
    const res = await fetch(`${server.httpUrl}/api/alerts/${id}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'colleague', comment: 'fixed the leak' }),
    });
    expect(res.status).toBe(201);
    cut = false;
    await page.waitForSelector('#conn[data-state="connected"]', { timeout: 20_000 });
    await page.waitForSelector(`#alerts [data-alert="${id}"]`, { state: 'detached' });
    expect(await pageList(page)).toEqual(await serverList());

    // the server restarts on the same port and data: the page reconnects and its list is again the server's
    const port = new URL(server.httpUrl).port;
    await server.stop();
    await page.waitForSelector('#conn[data-state="disconnected"]');
    server = await startServer({ ...ENV, QW_DATA_DIR: server.dataDir, QW_HTTP_PORT: port });
    await page.waitForSelector('#conn[data-state="connected"]', { timeout: 30_000 });
    await page.waitForFunction(
      (want) => {
        const ids = [...document.querySelectorAll('#alerts [data-alert]')].map((e) => e.getAttribute('data-alert'));
        return JSON.stringify(ids.sort()) === JSON.stringify(want);
      },
      await serverList(),
    );
    await page.click('#lang');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'shift-4-after-restart-en.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'shift-4-after-restart-en-1366.png') });
  }, 180_000);
});
