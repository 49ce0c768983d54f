import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { LedgerResponse } from '#contracts';
import { launchBrowser, SCREENSHOT_DIR, signedInPage } from '../support/browser.js';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';
import { DEMO_FLEET, publishSimulatedDay, type SimulatedDay } from '../support/ledger-day.js';

/** The ledger page on the built server over a simulated day of the demo fleet (real headless Chromium). */
describe('energy ledger page', () => {
  let server: ServerProcess;
  let browser: Browser;
  let day: SimulatedDay;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    server = await startServer({ QW_FLEET_FILE: DEMO_FLEET });
    [day, browser] = await Promise.all([publishSimulatedDay(server), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the month by category, refuses a bad entry at its fields, and an output entry changes the kiln unit figure', async () => {
    const month = day.date.slice(0, 7);
    const page = await signedInPage(browser, server, { viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await page.goto(`${server.httpUrl}/ledger.html?subject=plant:xa-cement&month=${month}`);

    // the month's categories as the API gives them
    const api = (await (
      await apiFetch(
        `${server.httpUrl}/api/ledger?level=plant&id=xa-cement&granularity=month&from=${month}&to=${month}&compare=true`,
      )
    ).json()) as LedgerResponse;
    const period = api.periods[0]!;
    await page.waitForSelector('#categories tr[data-category="electricity"]').catch(async (e: unknown) => {
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'ledger-debug.png'), fullPage: true });
      throw e;
    });
    const shown = await page.locator('#categories tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.category));
    expect(shown).toEqual(period.categories.map((c) => c.category));
    expect(await page.locator('#totals .tile').count()).toBe(4);

    // metered output of the kiln, and its kgce per tonne of clinker
    const perUnit = page.locator('#outputs tr[data-line="kiln-1"] .per-unit');
    await perUnit.waitFor();
    const before = await perUnit.textContent();
    const kiln = period.outputs.find((o) => o.line === 'kiln-1')!;
    expect(kiln.source).toBe('integrated');

    // a negative quantity: the API's problem appears at its field, nothing is stored
    await page.selectOption('#entry [name=plantId]', 'xa-cement');
    await page.selectOption('#entry [name=line]', 'kiln-1');
    await page.fill('#entry [name=period]', day.date);
    await page.fill('#entry [name=quantity]', '-5');
    await page.click('#entry button[type=submit]');
    await page.waitForSelector('#problems li[data-field="quantity"]');
    expect(await page.locator('#problems li[data-field="quantity"]').getAttribute('data-reason')).toBe('FIELD_INVALID');
    expect(await page.locator('#entry label.invalid [name=quantity]').count()).toBe(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'ledger-problems-zh.png'), fullPage: true });
    const audit = async () =>
      ((await (await apiFetch(`${server.httpUrl}/api/ledger/entries`)).json()) as { entries: unknown[] }).entries;
    expect(await audit()).toHaveLength(0);

    // the day's clinker tonnage entered by hand replaces the metered output
    const tonnes = Math.round(kiln.quantity * 2);
    await page.fill('#entry [name=quantity]', String(tonnes));
    await page.click('#entry button[type=submit]');
    await page.waitForFunction(
      (b) => document.querySelector('#outputs tr[data-line="kiln-1"] .per-unit')?.textContent !== b,
      before,
    );
    expect(await page.locator('#problems li').count()).toBe(0);
    const after = (await (
      await apiFetch(
        `${server.httpUrl}/api/ledger?level=plant&id=xa-cement&granularity=month&from=${month}&to=${month}`,
      )
    ).json()) as LedgerResponse;
    const entered = after.periods[0]!.outputs.find((o) => o.line === 'kiln-1')!;
    expect(entered.source).toBe('manual');
    expect(entered.quantity).toBeCloseTo(tonnes, 6);
    expect(await audit()).toEqual([expect.objectContaining({ kind: 'output', line: 'kiln-1', by: 'admin' })]);
    expect(await page.locator('#outputs tr[data-line="kiln-1"] td').nth(2).textContent()).toBe(
      tonnes.toLocaleString('zh-CN', { maximumFractionDigits: 0 }),
    );
    const figure = Number((await perUnit.textContent())!.replace(/,/g, ''));
    expect(figure).toBeCloseTo(entered.kgcePerUnit!, 1);
    expect(figure).toBeLessThan(Number(before!.replace(/,/g, '')));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'ledger-zh.png'), fullPage: true });

    // the report links follow the subject, the month and the language
    await page.click('#lang');
    await page.waitForSelector('text=Energy by category');
    expect(await page.locator('#saved').textContent()).toBe('Saved; figures recomputed');
    expect(await page.locator('#xlsx').getAttribute('href')).toBe(
      `/api/ledger/reports/monthly?level=plant&id=xa-cement&month=${month}&lang=en&format=xlsx`,
    );
    const xlsx = await apiFetch(`${server.httpUrl}${await page.locator('#xlsx').getAttribute('href')}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'ledger-en.png'), fullPage: true });
  }, 90_000);
});
