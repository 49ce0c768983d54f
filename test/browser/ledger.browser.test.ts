import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { LedgerResponse } from '#contracts';
import { launchBrowser, SCREENSHOT_DIR } from '../support/browser.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
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
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await page.goto(`${server.httpUrl}/ledger.html?subject=plant:xa-cement&month=${month}`);

    // the month's categories as the API gives them
    const api = (await (
      await fetch(
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

    // no person and a negative quantity: the API's problems appear at their fields, nothing is stored
    await page.selectOption('#entry [name=plantId]', 'xa-cement');
    await page.selectOption('#entry [name=line]', 'kiln-1');
    await page.fill('#entry [name=period]', day.date);
    await page.fill('#entry [name=quantity]', '-5');
    await page.click('#entry button[type=submit]');
    await page.waitForSelector('#problems li[data-field="by"]');
    expect(await page.locator('#problems li[data-field="quantity"]').getAttribute('data-reason')).toBe('FIELD_INVALID');
    expect(await page.locator('#entry label.invalid [name=quantity]').count()).toBe(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'ledger-problems-zh.png'), fullPage: true });
    const audit = async () =>
      ((await (await fetch(`${server.httpUrl}/api/ledger/entries`)).json()) as { entries: unknown[] }).entries;
    expect(await audit()).toHaveLength(0);

    // the day's clinker tonnage entered by hand replaces the metered output
    const tonnes = Math.round(kiln.quantity * 2);
    await page.fill('#entry [name=quantity]', String(tonnes));
    await page.fill('#entry [name=by]', 'Wang Li');
    await page.click('#entry button[type=submit]');
    await page.waitForFunction(
      (b) => document.querySelector('#outputs tr[data-line="kiln-1"] .per-unit')?.textContent !== b,
      before,
    );
    expect(await page.locator('#problems li').count()).toBe(0);
    const after = (await (
      await fetch(`${server.httpUrl}/api/ledger?level=plant&id=xa-cement&granularity=month&from=${month}&to=${month}`)
    ).json()) as LedgerResponse;
    const entered = after.periods[0]!.outputs.find((o) => o.line === 'kiln-1')!;
    expect(entered.source).toBe('manual');
    expect(entered.quantity).toBeCloseTo(tonnes, 6);
    expect(await audit()).toEqual([expect.objectContaining({ kind: 'output', line: 'kiln-1', by: 'Wang Li' })]);
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
    const xlsx = await fetch(`${server.httpUrl}${await page.locator('#xlsx').getAttribute('href')}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'ledger-en.png'), fullPage: true });
  }, 90_000);

  it('has a form for every entry made by hand, refusing bad ones at their fields in both languages', async () => {
    const month = day.date.slice(0, 7);
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${server.httpUrl}/ledger.html?subject=plant:xa-cement&month=${month}`);
    await page.waitForSelector('#categories tr[data-category="electricity"]');
    const audit = async () =>
      ((await (await fetch(`${server.httpUrl}/api/ledger/entries`)).json()) as { entries: Array<{ kind: string }> })
        .entries;
    const already = (await audit()).length;
    // per kind: what makes it wrong (the field and the reason code the API gives), then what makes it right
    const kinds: Array<{
      kind: string;
      bad: Record<string, string>;
      field: string;
      reason: string;
      good: Record<string, string>;
    }> = [
      {
        kind: 'receipt',
        bad: { category: 'bituminous', date: day.date, quantity: '500', ncv: '0' },
        field: 'ncv',
        reason: 'FIELD_INVALID',
        good: { ncv: '22.5', lab: '陕西煤质检测中心' },
      },
      {
        kind: 'meter_reading',
        bad: { meterId: 'diesel-tank-1', category: 'diesel', ts: `${day.date}T08:00`, value: '-3' },
        field: 'value',
        reason: 'FIELD_INVALID',
        good: { value: '1200.5' },
      },
      {
        kind: 'meter_swap',
        bad: {
          meterId: 'mill-motor-1',
          category: 'natural_gas',
          ts: `${day.date}T09:30`,
          oldFinal: '684500',
          newInitial: '3',
          rollover: '12345',
        },
        field: 'category',
        reason: 'METER_NO_REGISTER',
        good: { category: 'electricity', rollover: '100000000' },
      },
      {
        kind: 'meter_rollover',
        bad: { meterId: 'fan-1', category: 'electricity', ts: `${day.date}T10:00`, rollover: '12345' },
        field: 'rollover',
        reason: 'FIELD_INVALID',
        good: { rollover: '1000000' },
      },
      {
        kind: 'price',
        bad: { category: 'natural_gas', price: '-1', validFrom: `${month}-01` },
        field: 'price',
        reason: 'FIELD_INVALID',
        good: { price: '3.2' },
      },
      {
        kind: 'tariff',
        bad: {
          flatPrice: '0.62',
          ratio_sharp: '1.8',
          ratio_peak: '1.5',
          ratio_flat: '1',
          ratio_valley: '0.5',
          seasons: '1-12: 00:00-08:00 谷, 08:00-18:00 平',
          validFrom: `${month}-01`,
        },
        field: 'seasons',
        reason: 'FIELD_INVALID',
        good: { seasons: '1-12: 00:00-08:00 谷, 08:00-18:00 平, 18:00-24:00 峰' },
      },
      {
        kind: 'factor',
        bad: {
          category: 'electricity',
          factorQuantity: 'grid',
          value: '0.55',
          unit: 'kgCO2/kWh',
          validFrom: `${month}-01`,
          region: '610000',
          document: '场内核查报告',
          year: '24',
        },
        field: 'year',
        reason: 'FIELD_INVALID',
        good: { year: '2024' },
      },
      {
        kind: 'correction',
        bad: { deviceId: 'fan-1', category: 'electricity', quantity: '1500', date: '' },
        field: 'date',
        reason: 'FIELD_MISSING',
        good: { date: day.date },
      },
    ];
    const fill = async (values: Record<string, string>) => {
      for (const [name, v] of Object.entries(values)) {
        const el = page.locator(`#entry [name=${name}]`);
        if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(v);
        else await el.fill(v);
      }
    };
    for (const k of kinds) {
      await page.selectOption('#entry [name=kind]', k.kind);
      await page.selectOption('#entry [name=plantId]', 'xa-cement').catch(() => undefined);
      await page.fill('#entry [name=by]', '王工');
      await fill(k.bad);
      await page.click('#entry button[type=submit]');
      const problem = page.locator(`#problems li[data-field="${k.field}"]`);
      await problem.waitFor();
      expect(await problem.getAttribute('data-reason')).toBe(k.reason);
      // the problem names the field by its label, and the field is marked where it is
      const label = await page.locator(`#entry label.invalid`).first().locator('span').first().textContent();
      expect(await problem.textContent()).toContain(label!);
      await page.locator('#entry').screenshot({ path: join(SCREENSHOT_DIR, `ledger-form-${k.kind}-zh.png`) });
      await fill(k.good);
      await page.click('#entry button[type=submit]');
      await page.waitForFunction(() => document.querySelector('#saved')?.textContent === '已保存，已重算');
      expect(await page.locator('#problems li').count()).toBe(0);
      await page.evaluate(() => (document.querySelector('#saved')!.textContent = ''));
    }
    const entered = (await audit()).slice(already);
    expect(entered.map((e) => e.kind)).toEqual(kinds.map((k) => k.kind));
    expect(entered.every((e) => (e as { by?: string }).by === '王工')).toBe(true);

    // the same forms in English: labels, and the problems under them
    await page.click('#lang');
    await page.waitForSelector('text=Energy by category');
    for (const k of kinds) {
      await page.selectOption('#entry [name=kind]', k.kind);
      await fill(k.bad);
      await page.click('#entry button[type=submit]');
      const problem = page.locator(`#problems li[data-field="${k.field}"]`);
      await problem.waitFor();
      const label = await page.locator(`#entry label.invalid`).first().locator('span').first().textContent();
      expect(label).toMatch(/^[^\u3000-\u9fff]+$/);
      expect(await problem.textContent()).toContain(label!);
      await page.locator('#entry').screenshot({ path: join(SCREENSHOT_DIR, `ledger-form-${k.kind}-en.png`) });
    }
    expect((await audit()).length).toBe(already + kinds.length);
  }, 90_000);
});
