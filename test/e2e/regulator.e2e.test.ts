import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  WEBHOOK_HEADERS,
  WebhookStatusSchema,
  type Alert,
  type ComplianceReport,
  type FleetSpec,
  type WebhookEnvelope,
} from '#contracts';
import { verify } from '../../apps/server/src/regulator/webhooks/signature.js';
import { startServer, TEST_FLEET, type ServerProcess, apiFetch } from '../support/server-process.js';
import { launchBrowser, SCREENSHOT_DIR, signedInPage } from '../support/browser.js';
import { mkdirSync } from 'node:fs';
import { publishScenario } from '../support/detection-scenario.js';

const SECRET = 'regulator-shared-secret-0001';
const fleet = JSON.parse(readFileSync(TEST_FLEET, 'utf8')) as FleetSpec;
// a motor metered on input power only cannot drift-alert (its efficiency is not observable): the transformer can
const transformer = fleet.devices.find((d) => d.id === 't1')!;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A regulator's webhook endpoint: answers 503 to the first `failFirst` deliveries (maintenance), then 200. */
function receiver(failFirst: number): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const status = got.length < failFirst ? 503 : 200;
      got.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got }),
    ),
  );
}

describe('the regulator: signed webhooks through a durable outbox, and compliance figures', () => {
  let server: ServerProcess;
  let hook: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    hook = await receiver(2);
    const dir = mkdtempSync(join(tmpdir(), 'qw-webhooks-'));
    const file = join(dir, 'webhooks.yaml');
    writeFileSync(file, `- id: shaanxi-drc\n  url: ${hook.url}\n  secret: ${SECRET}\n  events: [alert.changed]\n`);
    server = await startServer({ QW_WEBHOOKS_FILE: file, QW_DETECT_FIT_MIN: '20', QW_DETECT_CALIBRATE_MIN: '20' });
  });
  afterAll(async () => {
    await server?.stop();
    hook?.server.close();
  });

  it('delivers an alert as a signed webhook, retrying past a receiver outage', async () => {
    // 20 operating minutes of fit, calibration until the 15-minute chart has its 10 samples, then a 5 % drop
    await publishScenario(server.mqttUrl, [transformer], {
      learnMin: 200,
      stepMin: 30,
      drop: 0.05,
      faultDeviceId: 't1',
    });
    const deadline = Date.now() + 30_000;
    while (!hook.got.some((r) => r.status === 200) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));

    expect(hook.got.slice(0, 2).map((r) => r.status)).toEqual([503, 503]);
    const ok = hook.got.find((r) => r.status === 200)!;
    expect(ok).toBeDefined();
    // the same delivery was retried: one delivery id across the failed and the accepted attempt
    expect(ok.headers[WEBHOOK_HEADERS.id]).toBe(hook.got[0].headers[WEBHOOK_HEADERS.id]);
    const ts = Number(ok.headers[WEBHOOK_HEADERS.timestamp]);
    expect(verify(SECRET, ts, ok.body, String(ok.headers[WEBHOOK_HEADERS.signature]), Date.now())).toBe(true);
    expect(
      verify('wrong-secret-wrong-secret', ts, ok.body, String(ok.headers[WEBHOOK_HEADERS.signature]), Date.now()),
    ).toBe(false);
    const env = JSON.parse(ok.body) as WebhookEnvelope<Alert>;
    expect(env.type).toBe('alert.changed');
    expect(env.data).toMatchObject({ plantId: 'p1', deviceId: 't1', class: 'transformer', state: 'open' });

    // the answer as its schema describes it (the OpenAPI document is made from the same schema)
    const status = WebhookStatusSchema.parse(await (await apiFetch(`${server.httpUrl}/api/regulator/webhooks`)).json());
    expect(status.subscribers[0]).toMatchObject({ id: 'shaanxi-drc', dead: 0 });
    expect(status.subscribers[0].delivered).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('reports compliance per plant and class, as JSON and as CSV', async () => {
    const r = (await (
      await apiFetch(`${server.httpUrl}/api/regulator/compliance?groupBy=plant`)
    ).json()) as ComplianceReport;
    expect(r.groupBy).toBe('plant');
    expect(r.targets).toEqual({ atOrAboveBaseline: 1, atBenchmark: 0.3 });
    const motors = r.rows.find((x) => x.group === 'p1' && x.class === 'motor')!;
    const counts = motors.devices;
    expect(counts.benchmark + counts.baseline + counts.below + counts.unknown).toBe(
      fleet.devices.filter((d) => d.class === 'motor').length,
    );
    // a motor is graded on its nameplate (the register's GB 18613 finding), whatever its meter can see:
    // m1, 55 kW at 94.6 %, is grade 3, so at 基准
    expect(counts).toEqual({ benchmark: 0, baseline: 1, below: 0, unknown: 0 });
    // the transformer on its live efficiency KPI
    const transformers = r.rows.find((x) => x.group === 'p1' && x.class === 'transformer')!;
    expect(transformers.devices.unknown).toBe(0);

    const csv = await apiFetch(`${server.httpUrl}/api/regulator/compliance.csv?groupBy=plant`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: spreadsheets then read UTF-8
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('plant,class 类别')).toBe(true);
    expect(text).toContain('p1,motor,');

    const bad = await apiFetch(`${server.httpUrl}/api/regulator/compliance?groupBy=planet`);
    expect(bad.status).toBe(400);
  });

  it('shows the regulator view in a real browser: compliance table, targets, the live alert feed', async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const browser = await launchBrowser();
    try {
      const page = await signedInPage(browser, server, { viewport: { width: 1400, height: 800 }, locale: 'zh-CN' });
      await page.goto(`${server.httpUrl}/regulator.html`);
      await page.waitForSelector('#equipment-grades tbody tr');
      expect(await page.locator('#equipment-grades tbody tr').count()).toBeGreaterThan(0);
      expect(await page.locator('#targets').textContent()).toContain('30%');
      await page.selectOption('#groupBy', 'plant');
      await page.waitForSelector('#equipment-grades tbody tr[data-group="p1"][data-class="motor"]');
      expect(await page.locator('#csv').getAttribute('href')).toContain('groupBy=plant');
      // the transformer's drift alert was raised before the page opened: the feed starts from the REST list
      await page.waitForSelector('#feed li.prio-low, #feed li.prio-medium, #feed li.prio-high');
      expect(await page.locator('#feed').textContent()).toContain('p1/t1');
      // the Chinese page names the alert's state and priority in Chinese (it printed 'open')
      expect(await page.locator('#feed .state').first().textContent()).toMatch(/^(未确认|已确认|已搁置)$/);
      expect(await page.locator('#feed .prio').first().textContent()).toMatch(/^(高|中|低)$/);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'regulator-zh.png'), fullPage: true });
      await page.click('#lang');
      expect(await page.locator('#equipment-grades th').first().textContent()).toBe('Plant');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'regulator-en.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
