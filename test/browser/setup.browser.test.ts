import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, SCREENSHOT_DIR } from '../support/browser.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

/** The first start of a site: no administrator, a one-time secret on the server's console, the set-up page. */
describe('first start: the administrator is created on the set-up page (built server, real headless Chromium)', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    server = await startServer({ QW_ADMIN_PASSWORD: '' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends the first visitor to the set-up page, takes the printed secret once, then the new administrator logs in', async () => {
    // the secret is printed once, in a box, on the console of whoever started the platform
    const secret = /setup secret:[^\n]*\n│\s+([A-Za-z0-9_-]{16,})/.exec(server.logs.join(''))?.[1];
    expect(secret).toBeDefined();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(server.httpUrl);
    await page.waitForURL((u) => u.pathname === '/setup.html');
    expect(await page.locator('h1').textContent()).toBe('First start: create the administrator');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('secret');

    const fill = async (s: string, password: string, confirm: string) => {
      await page.fill('#secret', s);
      await page.fill('#username', 'site-admin');
      await page.fill('#password', password);
      await page.fill('#confirm', confirm);
      await page.click('#submit');
    };
    await fill(secret!, 'long enough password', 'another password');
    expect(await page.locator('#error').textContent()).toBe('The two passwords differ.');
    expect(await page.locator('#confirm').getAttribute('aria-invalid')).toBe('true');

    await fill('not-the-secret', 'long enough password', 'long enough password');
    await page.waitForSelector('#error[data-reason="SETUP_SECRET"]');
    expect(await page.locator('#error').textContent()).toContain('The set-up secret is not correct.');
    expect(await page.locator('#password').inputValue()).toBe('');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'setup-wrong-secret-en.png') });

    await fill(secret!, 'long enough password', 'long enough password');
    await page.waitForURL((u) => u.pathname === '/login.html');
    expect(await page.locator('#notice').textContent()).toBe('The administrator account is created. Log in with it.');
    expect(((await (await fetch(`${server.httpUrl}/api/auth/setup`)).json()) as { required: boolean }).required).toBe(
      false,
    );
    await page.fill('#username', 'site-admin');
    await page.fill('#password', 'long enough password');
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#submit')]);
    await page.waitForSelector('#account');
    expect(await page.locator('#account .role-tag').textContent()).toBe('Administrator');

    // the secret worked once: the set-up page now says the first start is done
    const again = await browser.newPage();
    await again.goto(`${server.httpUrl}/setup.html`);
    await again.fill('#secret', secret!);
    await again.fill('#password', 'another long password');
    await again.fill('#confirm', 'another long password');
    await again.click('#submit');
    await again.waitForSelector('#error[data-reason="SETUP_DONE"]');
    await context.close();
  }, 60_000);
});
