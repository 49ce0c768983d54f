import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser } from 'playwright-core';
import { topics } from '#contracts';
import { launchBrowser, SCREENSHOT_DIR } from '../support/browser.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

describe('the technicians’ page over the REST API (real headless Chromium)', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    server = await startServer({ QW_DEMO: 'true', QW_FLEET_FILE: 'device-sim/fleets/demo.json' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('injects and clears a fault, shows a refusal with its reason, a dead letter with its payload, rotates a secret', async () => {
    // a malformed message from a real device: it lands in the dead letters with its reason and raw bytes
    const client = await mqtt.connectAsync(server.mqttUrl, {
      clientId: 'bj-chem/pump-1/t',
      protocolVersion: 4,
      username: 'bj-chem/pump-1',
      password: 'demo-pump-1-change-me',
    });
    await client.publishAsync(topics.deviceTelemetry('bj-chem', 'pump-1'), '{"v":1,"metrics":', { qos: 1 });
    await client.endAsync();

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    await page.goto(`${server.httpUrl}/technician.html`);
    await page.waitForSelector('#inject select[name="device"] option[value="bj-chem/pump-1"]', { state: 'attached' });
    await page.waitForFunction(() => document.querySelector('#sim p')?.textContent?.includes('台设备'), null, {
      timeout: 60_000,
    });

    await page.selectOption('#inject select[name="device"]', 'bj-chem/pump-1');
    await page.selectOption('#inject select[name="type"]', 'efficiency_step');
    await page.click('#inject button[type="submit"]');
    await page.waitForSelector('#faults [data-fault]');
    expect(await page.locator('#faults [data-fault]').textContent()).toContain('pump-1');
    await page.click('#faults [data-clear]');
    await page.waitForSelector('#faults [data-fault]', { state: 'detached' });

    // a scenario the platform refuses: the reason and message are shown in place
    await page.fill('#scenario textarea', '{"duration":"9d"}');
    await page.click('#scenario button[type="submit"]');
    await page.waitForSelector('#scenario .note[data-ok="false"]');
    expect(await page.locator('#scenario .note').textContent()).toContain('6d');

    const letter = page.locator('#letters tr[data-letter]').first();
    await letter.waitFor();
    expect(await letter.textContent()).toContain('bj-chem/pump-1');
    await letter.click();
    expect(await page.locator('#letters tr.payload pre').textContent()).toBe('{"v":1,"metrics":');

    await page.click('[data-rotate="bj-chem/boiler-2"]');
    await page.waitForSelector('[data-device="bj-chem/boiler-2"] .note[data-ok="true"]');
    expect(await page.locator('[data-device="bj-chem/boiler-2"] .note').textContent()).toMatch(/新密钥.*: \S{16,}/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'technician-zh-1920.png') });
    await page.click('#lang');
    await page.waitForSelector('#letters h2:has-text("Dead letters")');
    // what was answered follows the language too
    expect(await page.locator('[data-device="bj-chem/boiler-2"] .note').textContent()).toMatch(/^New secret/);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'technician-en-1366.png') });
  }, 90_000);
});
