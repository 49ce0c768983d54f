import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { Alert, FleetSpec } from '#contracts';
import { launchBrowser, SCREENSHOT_DIR, signedInPage } from '../support/browser.js';
import { startServer, TEST_FLEET, type ServerProcess, apiFetch } from '../support/server-process.js';
import { publishScenario } from '../support/detection-scenario.js';

/** A TCP relay in front of the server's HTTP port whose connections the test can cut (a network drop). */
function relay(target: string): Promise<{ server: Server; url: string; cut(): void; restore(): void }> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) return void client.destroy();
    const upstream = connect(Number(port), hostname);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        cut() {
          down = true;
          for (const s of open) s.destroy();
          open.clear();
        },
        restore() {
          down = false;
        },
      }),
    ),
  );
}

const fleet = JSON.parse(readFileSync(TEST_FLEET, 'utf8')) as FleetSpec;

describe("the regulator page's live alert feed (real headless Chromium)", () => {
  let server: ServerProcess;
  let browser: Browser;
  let net: Awaited<ReturnType<typeof relay>>;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    server = await startServer({ QW_DETECT_FIT_MIN: '20', QW_DETECT_CALIBRATE_MIN: '20' });
    [net, browser] = await Promise.all([relay(server.httpUrl), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    net?.server.close();
    await server?.stop();
  });

  it('shows an alert resolved while the page was cut off as resolved once it reconnects; filters by state', async () => {
    const page = await signedInPage(browser, server, { viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await page.goto(`${net.url}/regulator.html`);
    await page.waitForSelector('#feed-state option[value="resolved"]', { state: 'attached' });
    // the transformer loses 5 % efficiency after its learning window: a drift alert opens and arrives live
    await publishScenario(server.mqttUrl, [fleet.devices.find((d) => d.id === 't1')!], {
      learnMin: 200,
      stepMin: 30,
      drop: 0.05,
      faultDeviceId: 't1',
    });
    const item = page.locator('#feed li[data-alert]').first();
    await item.waitFor({ timeout: 30_000 });
    expect(await item.getAttribute('data-state')).toBe('open');
    const id = (await item.getAttribute('data-alert'))!;

    // the network drops; meanwhile an operator resolves the alert (its change is pushed to nobody on this page)
    net.cut();
    const res = await apiFetch(`${server.httpUrl}/api/alerts/${id}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'operator', comment: 'tap changer reset' }),
    });
    expect(((await res.json()) as Alert).state).toBe('resolved');
    await page.waitForTimeout(1500);
    expect(await page.locator(`#feed li[data-alert="${id}"]`).getAttribute('data-state')).toBe('open');
    net.restore();

    // socket.io reconnects; the page takes the feed again from the API
    const resolved = page.locator(`#feed li[data-alert="${id}"][data-state="resolved"]`);
    await resolved.waitFor({ timeout: 20_000 });
    expect(await resolved.locator('.state').textContent()).toBe('已关闭');

    await page.selectOption('#feed-state', 'open');
    expect(await page.locator(`#feed li[data-alert="${id}"]`).count()).toBe(0);
    await page.selectOption('#feed-state', 'resolved');
    expect(await page.locator(`#feed li[data-alert="${id}"]`).count()).toBe(1);
    await page.selectOption('#feed-plant', 'p:p1');
    expect(await page.locator(`#feed li[data-alert="${id}"]`).count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'regulator-feed-zh.png') });
  }, 90_000);
});
