import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Alert, FleetSpec } from '#contracts';
import { canOpen, pageAt, pagesOf, PAGE_PATHS, type PageId, type Role } from '../../apps/console/src/access.js';
import { launchBrowser, SCREENSHOT_DIR } from '../support/browser.js';
import { publishScenario } from '../support/detection-scenario.js';
import { startServer, TEST_ADMIN_PASSWORD, type ServerProcess } from '../support/server-process.js';

const FLEET = 'device-sim/fleets/demo.json';
const VIEW = { width: 1366, height: 768 };
/** a test's time limit: a shared, busy machine can take seconds per page load */
const TIMEOUT = 60_000;
/** the console's pages (each role is checked against every one of them) */
const PAGES = Object.keys(PAGE_PATHS) as PageId[];

/**
 * The people of the demo plant, as a site's administrator creates them on the users page: an operator of the Xi'an
 * cement plant, a technician of the group, a regulator of the province and one of Xi'an (610100), whose region holds
 * xa-cement and not bj-chem (Baoji, 610300).
 */
const PEOPLE: { username: string; role: Role; scope: { plants?: string[]; regions?: string } }[] = [
  { username: 'op-xa', role: 'operator', scope: { plants: ['xa-cement'] } },
  { username: 'tech', role: 'technician', scope: { plants: ['xa-cement', 'bj-chem'] } },
  { username: 'reg-sx', role: 'regulator', scope: { regions: '610000' } },
  { username: 'reg-xa', role: 'regulator', scope: { regions: '610100' } },
];

describe('log-in and what each role sees and may do (built server, real headless Chromium)', () => {
  let server: ServerProcess;
  let browser: Browser;
  const passwords = new Map<string, string>();
  let alertId = '';

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    server = await startServer({
      QW_FLEET_FILE: FLEET,
      QW_DETECT_FIT_MIN: '20',
      QW_DETECT_CALIBRATE_MIN: '20',
    });
    browser = await launchBrowser();
    // compressed hours in which xa-cement's compressor loses 5 % efficiency: one alert to act on (or not)
    const fleet = JSON.parse(readFileSync(FLEET, 'utf8')) as FleetSpec;
    await publishScenario(
      server.mqttUrl,
      fleet.devices.filter((d) => d.id === 'comp-1'),
      {
        learnMin: 200,
        stepMin: 15,
        drop: 0.05,
        faultDeviceId: 'comp-1',
      },
    );
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const fresh = () => browser.newContext({ viewport: VIEW, locale: 'zh-CN' });
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  /** the pages the top bar offers: its links and the page it is on */
  const navOf = (page: Page) =>
    page
      .locator('.topbar a[href]')
      .evaluateAll((as) => [location.pathname, ...as.map((a) => (a as HTMLAnchorElement).pathname)])
      .then((paths) => [...new Set(paths.map(pageAt).filter((p) => p !== undefined))].sort());
  const pagesSorted = (role: Role) => [...pagesOf(role)].sort();

  async function logInWithForm(page: Page, username: string, password: string): Promise<void> {
    await page.fill('#username', username);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => u.pathname !== '/login.html'), page.click('#submit')]);
  }

  /** opens every page of the build and says which ones showed themselves and which refused the role */
  async function openable(context: BrowserContext): Promise<PageId[]> {
    const page = await context.newPage();
    const open: PageId[] = [];
    for (const id of PAGES) {
      await page.goto(server.httpUrl + PAGE_PATHS[id]);
      await page.waitForSelector('#account, [data-refused]');
      if ((await page.locator('[data-refused]').count()) === 0) open.push(id);
    }
    await page.close();
    return open;
  }

  it(
    'sends a visitor without a session to the log-in page, which names why a log-in fails and never shows the password',
    async () => {
      const context = await fresh();
      const page = await context.newPage();
      await page.goto(`${server.httpUrl}/ledger.html?month=2026-10`);
      await page.waitForURL((u) => u.pathname === '/login.html');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/ledger.html?month=2026-10');
      expect(await page.locator('h1').textContent()).toBe('登录');
      expect(await page.locator('#notice').textContent()).toBe('请登录后继续。');
      // keyboard first: the user name has the focus, labels name both fields
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('username');
      expect(await page.getByLabel('用户名').count()).toBe(1);
      expect(await page.getByLabel('密码').count()).toBe(1);

      await page.click('#submit');
      expect(await page.locator('#error').textContent()).toBe('请输入用户名和密码。');

      const wrong = 'Wrong-Password-1234';
      await page.fill('#username', 'admin');
      await page.fill('#password', wrong);
      await page.press('#password', 'Enter');
      await page.waitForSelector('#error[data-reason="BAD_CREDENTIALS"]');
      expect(await page.locator('#error').textContent()).toContain('用户名或密码不正确。');
      expect(await page.locator('#password').inputValue()).toBe('');
      expect(await page.locator('#username').getAttribute('aria-invalid')).toBe('true');
      expect(await page.content()).not.toContain(wrong);
      expect(page.url()).not.toContain(wrong);
      await shot(page, 'login-bad-credentials-zh');

      // five failures on one account, then the server makes it wait: the page says for how long and holds the button
      const attempt = async (password: string) => {
        await page.fill('#username', 'nobody');
        await page.fill('#password', password);
        const [res] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
          page.click('#submit'),
        ]);
        return res.status();
      };
      for (let i = 0; i < 5; i++) expect(await attempt(`${wrong}${i}`)).toBe(401);
      expect(await attempt(wrong)).toBe(429);
      await page.waitForSelector('#error[data-reason="LOGIN_RATE_LIMITED"]');
      expect(await page.locator('#error').textContent()).toMatch(/登录尝试过多，请在 \d+ 秒后重试。/);
      expect(await page.locator('#submit').isDisabled()).toBe(true);
      await page.click('#lang');
      expect(await page.locator('#error').textContent()).toMatch(/Too many attempts\. Try again in \d+ s\./);
      expect(await page.locator('h1').textContent()).toBe('Log in');
      await shot(page, 'login-rate-limited-en');
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'the administrator logs in by keyboard alone, returns to the page asked for, and creates each role on the users page',
    async () => {
      const context = await fresh();
      const page = await context.newPage();
      await page.goto(`${server.httpUrl}/ledger.html`);
      await page.waitForURL((u) => u.pathname === '/login.html');
      await page.keyboard.type('admin');
      await page.keyboard.press('Tab');
      await page.keyboard.type(TEST_ADMIN_PASSWORD);
      await Promise.all([page.waitForURL((u) => u.pathname === '/ledger.html'), page.keyboard.press('Enter')]);
      await page.waitForSelector('#account');
      expect(await page.locator('#account .role-tag').textContent()).toBe('管理员');
      expect(await page.locator('#entry').isVisible()).toBe(true);

      await page.click('#account a[href="/admin.html"]');
      await page.waitForSelector('#users tr[data-user="admin"]');
      for (const p of PEOPLE) {
        const form = page.locator('#user-form');
        await form.locator('[name=username]').fill(p.username);
        await form.locator('[name=displayName]').fill(`${p.role} ${p.username}`);
        await form.locator('[name=role]').selectOption(p.role);
        for (const plant of p.scope.plants ?? []) await form.locator(`[name=plants][value="${plant}"]`).check();
        if (p.scope.regions) await form.locator('[name=regions]').fill(p.scope.regions);
        await form.locator('button[type=submit]').click();
        await page.waitForSelector(`#users tr[data-user="${p.username}"]`);
        // the generated password is on the page this once
        expect(await page.locator('#once').getAttribute('data-kind')).toBe('passwordOnce');
        passwords.set(p.username, (await page.locator('#once-secret').textContent())!);
        await page.click('#dismiss');
        expect(await page.locator('#once-secret').count()).toBe(0);
      }
      expect(await page.locator('#users tr[data-user]').count()).toBe(PEOPLE.length + 1);

      // an API token for an integration: shown once, listed, then revoked
      const tokens = page.locator('#token-form');
      await tokens.locator('[name=name]').fill('grafana-xa');
      await tokens.locator('[name=role]').selectOption('regulator');
      await tokens.locator('[name=regions]').fill('610100');
      await tokens.locator('button[type=submit]').click();
      await page.waitForSelector('#once[data-kind="tokenOnce"]');
      const token = (await page.locator('#once-secret').textContent())!;
      const asToken = () =>
        fetch(`${server.httpUrl}/api/fleet`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
          status: r.status,
          plants: r.ok ? ((await r.json()) as FleetSpec).plants.map((p) => p.id) : [],
        }));
      expect(await asToken()).toEqual({ status: 200, plants: ['xa-cement'] });
      const listed = page.locator('#tokens tr[data-token]', { hasText: 'grafana-xa' });
      expect(await listed.count()).toBe(1);
      await shot(page, 'roles-admin-users');
      page.once('dialog', (d) => void d.accept());
      await listed.locator('button[data-act="revoke"]').click();
      await listed.waitFor({ state: 'detached' });
      expect((await asToken()).status).toBe(401);

      // the administrator opens everything and is offered the alert actions
      expect(await openable(context)).toEqual(PAGES);
      await page.goto(server.httpUrl);
      await page.waitForSelector('#account');
      expect(await navOf(page)).toEqual(pagesSorted('admin'));
      await shot(page, 'roles-admin-console');
      const row = page.locator('#alerts [data-alert]').first();
      await row.waitFor();
      alertId = (await row.getAttribute('data-alert'))!;
      expect(await row.locator('button[data-action="acknowledge"]').isVisible()).toBe(true);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'an operator of xa-cement sees its console and ledger only, acts on its alerts under their own name',
    async () => {
      const context = await fresh();
      const page = await context.newPage();
      await page.goto(server.httpUrl);
      await page.waitForURL((u) => u.pathname === '/login.html');
      await logInWithForm(page, 'op-xa', passwords.get('op-xa')!);
      expect(new URL(page.url()).pathname).toBe('/');
      await page.waitForSelector('[data-device^="xa-cement/"]');
      expect(await page.locator('[data-device^="bj-chem/"]').count()).toBe(0);
      const fleet = (await (await context.request.get(`${server.httpUrl}/api/fleet`)).json()) as FleetSpec;
      expect(fleet.plants.map((p) => p.id)).toEqual(['xa-cement']);
      expect(await page.locator('#account .role-tag').textContent()).toBe('运行人员');
      expect(await page.locator('#account a[href="/admin.html"]').count()).toBe(0);
      expect(await navOf(page)).toEqual(pagesSorted('operator'));

      const row = page.locator(`#alerts [data-alert="${alertId}"]`);
      await row.waitFor();
      for (const action of ['acknowledge', 'shelve', 'resolve'])
        expect(await row.locator(`button[data-action="${action}"]`).isVisible()).toBe(true);
      await shot(page, 'roles-operator');
      await row.locator('button[data-action="acknowledge"]').click();
      await page.waitForSelector(`#alerts [data-alert="${alertId}"][data-state="acknowledged"]`);
      const audit = (await (await context.request.get(`${server.httpUrl}/api/alerts/${alertId}`)).json()) as Alert & {
        history: { state: string; by: string }[];
      };
      expect(audit.history.map((h) => [h.state, h.by])).toEqual([
        ['open', expect.any(String)],
        ['acknowledged', 'op-xa'],
      ]);

      await page.goto(`${server.httpUrl}/ledger.html`);
      await page.waitForSelector('#account');
      expect(await page.locator('#entry').isVisible()).toBe(true);
      expect(
        await page.locator('#entry [name=plantId] option').evaluateAll((os) => os.map((o) => o.getAttribute('value'))),
      ).toEqual(['xa-cement']);

      expect(await openable(context)).toEqual(PAGES.filter((p) => canOpen('operator', p)));
      const refused = await context.newPage();
      await refused.goto(`${server.httpUrl}/regulator.html`);
      await refused.waitForSelector('[data-refused="operator"]');
      expect(await refused.locator('h1').textContent()).toBe('无权访问此页面');
      await shot(refused, 'roles-operator-refused');

      // log-out ends the session: this page goes to the log-in page, and another tab's next call does too
      await page.goto(server.httpUrl);
      await page.waitForSelector('#account');
      await Promise.all([page.waitForURL((u) => u.pathname === '/login.html'), page.click('#logout')]);
      expect(await page.locator('#notice').textContent()).toBe('您已退出登录。');
      expect((await context.request.get(`${server.httpUrl}/api/auth/me`)).status()).toBe(401);
      await refused.goto(`${server.httpUrl}/ledger.html`);
      await refused.waitForURL((u) => u.pathname === '/login.html');
      expect(new URL(refused.url()).searchParams.get('next')).toBe('/ledger.html');
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'a technician is kept to the technicians’ pages',
    async () => {
      const context = await fresh();
      const page = await context.newPage();
      await page.goto(`${server.httpUrl}/login.html`);
      await logInWithForm(page, 'tech', passwords.get('tech')!);
      expect(new URL(page.url()).pathname).toBe(PAGE_PATHS.technician);
      await page.waitForSelector('#account');
      expect(await navOf(page)).toEqual(pagesSorted('technician'));
      await shot(page, 'roles-technician');
      expect(await openable(context)).toEqual(PAGES.filter((p) => canOpen('technician', p)));
      await page.goto(server.httpUrl);
      await page.waitForSelector('[data-refused="technician"]');
      expect(await page.locator('button[data-action]').count()).toBe(0);
      await shot(page, 'roles-technician-refused');
      await context.close();
    },
    TIMEOUT,
  );

  for (const [username, sees, seesNot, home] of [
    ['reg-sx', ['bj-chem', 'xa-cement'], ['sim-lab'], '全省'],
    ['reg-xa', ['xa-cement'], ['bj-chem', 'sim-lab'], '西安市'],
  ] as const)
    it(
      `a regulator (${username}) reads the compliance of their region only, with no action offered`,
      async () => {
        const context = await fresh();
        const page = await context.newPage();
        await page.goto(`${server.httpUrl}/`);
        await page.waitForURL((u) => u.pathname === '/login.html');
        await logInWithForm(page, username, passwords.get(username)!);
        // the console was asked for; a regulator lands on their own page instead
        expect(new URL(page.url()).pathname).toBe('/regulator.html');
        // the plan's compliance, scoped by the server to the region: it loads for a regulator (no refusal in its place)
        await page.waitForSelector('#plan-totals tr[data-field]');
        // the plan's breadcrumb starts where the regulator's scope does (a prefecture's regulator is not shown 全省)
        const root = await page.locator('#plan-crumbs a.crumb >> nth=0').textContent();
        expect(root).toContain(home);
        if (home !== '全省') expect(root).not.toContain('全省');
        await page.selectOption('#groupBy', 'plant');
        await page.waitForSelector('#compliance table[data-group-by="plant"] tr[data-group]');
        const groups = [
          ...new Set(
            await page.locator('#compliance tr[data-group]').evaluateAll((rs) => rs.map((r) => r.dataset.group)),
          ),
        ].sort();
        expect(groups).toEqual([...sees]);
        for (const p of seesNot) expect(groups).not.toContain(p);
        await page.waitForSelector('#feed li[class^="prio-"]');
        expect(await page.locator('#feed').textContent()).toContain('xa-cement/comp-1');
        expect(await page.locator('button[data-action], #entry:visible').count()).toBe(0);
        expect(await navOf(page)).toEqual(pagesSorted('regulator'));
        await shot(page, `roles-regulator-${username}`);

        const fleet = (await (await context.request.get(`${server.httpUrl}/api/fleet`)).json()) as FleetSpec;
        expect(fleet.plants.map((p) => p.id).sort()).toEqual([...sees]);

        await page.goto(`${server.httpUrl}/ledger.html`);
        await page.waitForSelector('#account');
        expect(await page.locator('#entry').isVisible()).toBe(false);
        expect(await openable(context)).toEqual(PAGES.filter((p) => canOpen('regulator', p)));
        await context.close();
      },
      TIMEOUT,
    );

  it(
    'says so when the server cannot be reached',
    async () => {
      const context = await fresh();
      const page = await context.newPage();
      await page.goto(`${server.httpUrl}/login.html`);
      await page.waitForSelector('#submit');
      await server.stop();
      await page.fill('#username', 'admin');
      await page.fill('#password', TEST_ADMIN_PASSWORD);
      await page.click('#submit');
      await page.waitForSelector('#error[data-reason="UNREACHABLE"]');
      expect(await page.locator('#error').textContent()).toContain('无法连接服务器');
      expect(await page.locator('#password').inputValue()).toBe('');
      await shot(page, 'login-unreachable-zh');
      await context.close();
    },
    TIMEOUT,
  );
});
