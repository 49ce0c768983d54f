import { randomBytes } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';

/**
 * Accounts for tests against the built server. `QW_ADMIN_PASSWORD` creates `admin` at the first start (no default
 * password exists); a test that needs other roles creates them as that admin, like a site would.
 */
export const TEST_ADMIN_PASSWORD = `adm-${randomBytes(12).toString('base64url')}`;
export const ADMIN_ENV = { QW_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD };

/** The header the server demands of cookie-authenticated writes (what the console's session module sends). */
export const CSRF = { 'x-qinwatt-csrf': '1' };

/**
 * Logs a browser context in through the API (the log-in page has its own test): the session cookie lands in the
 * context, and every page opened in it, and `context.request`, is that person.
 */
export async function logInContext(
  context: BrowserContext,
  baseUrl: string,
  username = 'admin',
  password = TEST_ADMIN_PASSWORD,
): Promise<void> {
  const res = await context.request.post(`${baseUrl}/api/auth/login`, {
    data: { username, password },
    headers: CSRF,
  });
  if (res.status() !== 200) throw new Error(`log-in of ${username} refused: ${res.status()} ${await res.text()}`);
}
