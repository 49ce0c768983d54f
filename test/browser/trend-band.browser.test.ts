import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { KpiHistoryResponse } from '#contracts';
import { launchBrowser, SCREENSHOT_DIR, signedInPage } from '../support/browser.js';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';

/**
 * The area level between plant and equipment, and the KPI trend's learned-baseline band and simulator fault
 * markers, on the demo plant (its detectors learn from simulated history at start, then it runs live).
 */
describe('the area level and the baseline band on the trend (real headless Chromium)', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    server = await startServer({
      QW_DEMO: 'true',
      QW_FLEET_FILE: 'device-sim/fleets/demo.json',
      QW_DETECT_FIT_MIN: '20',
      QW_DETECT_CALIBRATE_MIN: '20',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const kpiHistory = async (plantId: string, deviceId: string) => {
    const res = await apiFetch(`${server.httpUrl}/api/history/plants/${plantId}/devices/${deviceId}/kpi`);
    return (await res.json()) as KpiHistoryResponse;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

  it('a plant shows its areas with counts per state; an area shows its units; units without one are grouped', async () => {
    for (const [lang, locale] of [
      ['zh', 'zh-CN'],
      ['en', 'en-GB'],
    ] as const)
      for (const viewport of [
        { width: 1920, height: 1080 },
        { width: 1366, height: 768 },
      ]) {
        const page = await signedInPage(browser, server, { viewport, locale });
        await page.goto(`${server.httpUrl}/#/plant/xa-cement`);
        await page.waitForSelector('.plant-tile[data-area="Clinker line · 熟料线"]');
        // the demo plant runs (it learns from simulated history first): its units are reporting
        await page.waitForSelector('.chip[data-status="stale"] b:text-is("0")', { timeout: 90_000 });
        const areas = await page
          .locator('.plant-tile[data-area]')
          .evaluateAll((els) =>
            els.map((e) => [
              e.getAttribute('data-area'),
              e.querySelector('.ptotal')!.textContent!.trim().split(' ')[0],
            ]),
          );
        expect(areas).toEqual([
          ['Clinker line · 熟料线', '3'],
          ['Compressor house · 空压站', '1'],
          ['Waste-heat power · 余热发电', '1'],
        ]);
        await page.click('.plant-tile[data-area="Clinker line · 熟料线"]');
        await page.waitForFunction(() => document.querySelectorAll('.card[data-device]').length === 3);
        const cards = await page.locator('.card[data-device]').evaluateAll((els) => els.map((e) => e.dataset.device));
        expect(cards.sort()).toEqual(['xa-cement/fan-1', 'xa-cement/kiln-1', 'xa-cement/mill-motor-1']);
        expect(await page.locator('.crumbs').textContent()).toContain('Clinker line');
        await shot(page, `area-${lang}-${viewport.width}`);
        // a plant with units outside any area: they form one group of their own, named so
        await page.goto(`${server.httpUrl}/#/plant/bj-chem`);
        const none = page.locator('.plant-tile[data-area=""]');
        await none.waitFor();
        expect(await none.locator('.pname').textContent()).toBe(lang === 'zh' ? '未分区' : 'No area');
        await none.click();
        await page.waitForFunction(() => document.querySelectorAll('.card[data-device]').length === 2);
        await page.context().close();
      }
  }, 180_000);

  it('draws the band the drift check judges against, says why where there is none, and marks a fault', async () => {
    // a unit whose baseline was learned and that has run live long enough for the trend to have banded windows
    const candidates = [
      ['bj-chem', 'boiler-1'],
      ['xa-cement', 'tx-1'],
      ['bj-chem', 'boiler-2'],
      ['bj-chem', 'pump-1'],
      ['xa-cement', 'comp-1'],
    ];
    let banded: string[] | undefined;
    for (const deadline = Date.now() + 120_000; !banded && Date.now() < deadline;) {
      for (const [p, d] of candidates)
        if (!banded && (await kpiHistory(p, d)).rows.filter((r) => r.lo !== undefined).length >= 5) banded = [p, d];
      if (!banded) await new Promise((r) => setTimeout(r, 2000));
    }
    expect(banded).toBeDefined();
    const [plantId, deviceId] = banded!;
    const h = await kpiHistory(plantId, deviceId);
    for (const r of h.rows.filter((x) => x.lo !== undefined)) expect(r.lo!).toBeLessThanOrEqual(r.hi!);

    // a fault injected into the demo plant and cleared: a marker from injection to clearing
    const inject = await apiFetch(`${server.httpUrl}/api/sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: { type: 'efficiency_step', device: deviceId, plant: plantId, drop: 0.05 } }),
    });
    expect(inject.status).toBe(201);
    await new Promise((r) => setTimeout(r, 8000));
    const clear = await apiFetch(`${server.httpUrl}/api/sim/faults?device=${deviceId}`, { method: 'DELETE' });
    expect(clear.status).toBe(200);
    await new Promise((r) => setTimeout(r, 4000)); // live data after the clearing, so the marker's end is in view
    const faults = (await kpiHistory(plantId, deviceId)).faults;
    expect(faults).toEqual([expect.objectContaining({ type: 'efficiency_step', until: expect.any(Number) })]);

    for (const [lang, locale] of [
      ['zh', 'zh-CN'],
      ['en', 'en-GB'],
    ] as const)
      for (const viewport of [
        { width: 1920, height: 1080 },
        { width: 1366, height: 768 },
      ]) {
        const page = await signedInPage(browser, server, { viewport, locale });
        await page.goto(`${server.httpUrl}/#/unit/${plantId}/${deviceId}`);
        const chart = page.locator('#unit .trend-kpi');
        await chart.waitFor();
        expect(Number(await chart.getAttribute('data-band'))).toBeGreaterThanOrEqual(5);
        expect(Number(await chart.getAttribute('data-faults'))).toBe(1);
        expect(await page.locator('#unit .band-note').textContent()).toContain('3σ');
        expect(await page.locator('#unit .trend-raw').count()).toBeGreaterThanOrEqual(2);
        // the read-out names the fault under the cursor: sweep the plot from its right edge until it does
        const plot = (await chart.locator('.u-over').boundingBox())!;
        const want = lang === 'zh' ? '仿真故障 efficiency_step' : 'Simulated fault efficiency_step';
        let seen = '';
        for (let x = plot.x + plot.width - 1; x > plot.x && !seen.includes(want); x -= 3) {
          await page.mouse.move(x, plot.y + plot.height / 2);
          seen = (await page.locator('#unit .trend-marks').textContent()) ?? '';
        }
        expect(seen).toContain(want);
        await shot(page, `trend-band-${lang}-${viewport.width}`);

        // a unit whose efficiency its meters cannot observe: no band, and the reason
        await page.goto(`${server.httpUrl}/#/unit/xa-cement/mill-motor-1`);
        const none = page.locator('#unit .trend-kpi[data-band="0"]');
        await none.waitFor();
        expect(await none.getAttribute('data-band-reason')).toBe('NOT_OBSERVABLE');
        expect(await page.locator('#unit .band-note').textContent()).toContain(
          lang === 'zh' ? '能效不可观测' : 'efficiency not observable',
        );
        await page.context().close();
      }
  }, 300_000);
});
