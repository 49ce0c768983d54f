import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { join } from 'node:path';

/** Debian's Chromium, headless (Playwright gives it a fresh profile). The flags keep it off the network. */
export const CHROMIUM = process.env.QW_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Screenshots land here so a person can look at what the tests saw. */
export const SCREENSHOT_DIR = process.env.QW_SCREENSHOT_DIR ?? join(process.cwd(), 'test-results');

/** A page signed in as `username` (admin by default): its context carries the session cookie a log-in sets. */
export async function signedInPage(
  browser: Browser,
  server: { httpUrl: string; login(username?: string, password?: string): Promise<string> },
  options: BrowserContextOptions = {},
  account?: { username: string; password: string },
): Promise<Page> {
  const context = await browser.newContext(options);
  const value = await server.login(account?.username, account?.password);
  await context.addCookies([{ name: 'qw_session', value, url: server.httpUrl }]);
  return context.newPage();
}
