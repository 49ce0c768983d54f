import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { launchBrowser, SCREENSHOT_DIR, signedInPage } from '../support/browser.js';
import { createAccount, loginCookie, startServer, type ServerProcess } from '../support/server-process.js';

/** The users page's disable button, in both languages (built server, real headless Chromium, 1366×768). */
describe('an admin disables and enables an account on the users page', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const row = (page: Page, username: string) => page.locator(`tr[data-user="${username}"]`);

  for (const [lang, locale, labels] of [
    ['en', 'en-GB', { disable: 'Disable', enable: 'Enable', enabled: 'Enabled', disabled: 'Disabled (' }],
    ['zh', 'zh-CN', { disable: '停用', enable: '启用', enabled: '已启用', disabled: '已停用（' }],
  ] as const)
    it(`(${lang}) the disable button ends the person's session and socket; enable lets them back in`, async () => {
      const username = `shift-${lang}`;
      const person = await createAccount(server, { username, role: 'operator' });
      const cookie = await loginCookie(server.httpUrl, username, person.password);
      const socket = io(server.httpUrl, {
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: { cookie: `qw_session=${cookie}` },
      });
      await new Promise((resolve) => socket.once('snapshot', resolve));
      const ended = new Promise<string>((resolve) => socket.once('disconnect', resolve));

      const page = await signedInPage(browser, server, { viewport: { width: 1366, height: 768 }, locale });
      await page.addInitScript((l) => localStorage.setItem('qw.lang', l), lang);
      page.on('dialog', (d) => void d.accept());
      await page.goto(`${server.httpUrl}/admin.html`);
      await row(page, username).waitFor();
      expect(await row(page, username).locator('[data-status]').textContent()).toBe(labels.enabled);
      // no secret is waiting to be shown: its box is hidden
      expect(await page.locator('#once').isVisible()).toBe(false);
      // an admin's own row has no such button
      expect(await row(page, 'admin').locator('button[data-act="disable"]').count()).toBe(0);

      await row(page, username).locator('button[data-act="disable"]').click();
      await page.waitForSelector(`tr[data-user="${username}"].disabled`);
      const status = await row(page, username).locator('[data-status]').textContent();
      expect(status).toContain(labels.disabled);
      expect(status).toContain('admin');
      expect(await row(page, username).locator('button[data-act="enable"]').textContent()).toBe(labels.enable);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `users-disabled-${lang}.png`) });

      expect(await ended).toBe('io server disconnect');
      const me = await fetch(`${server.httpUrl}/api/auth/me`, { headers: { cookie: `qw_session=${cookie}` } });
      expect(me.status).toBe(401);

      await row(page, username).locator('button[data-act="enable"]').click();
      await page.waitForSelector(`tr[data-user="${username}"]:not(.disabled) button[data-act="disable"]`);
      expect(await row(page, username).locator('[data-status]').textContent()).toBe(labels.enabled);
      expect(await loginCookie(server.httpUrl, username, person.password)).toBeTruthy();
      socket.close();
      await page.context().close();
    });
});
