import { chromium, type Browser } from 'playwright-core';
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
