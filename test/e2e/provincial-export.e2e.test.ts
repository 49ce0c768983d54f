import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  MonitoringExportSchema,
  WEBHOOK_HEADERS,
  type ExportLog,
  type ExportQueued,
  type MonitoringReport,
  type PlanComplianceReport,
  type WebhookEnvelope,
} from '#contracts';
import { verify } from '../../apps/server/src/regulator/webhooks/signature.js';
import { startServer, type ServerProcess, apiFetch } from '../support/server-process.js';
import { publishSimulatedMonth, type SimulatedMonth } from '../support/simulated-month.js';

const SECRET = 'provincial-platform-secret-01';
/** the demo's enterprise with its cement plant, its clinker line's kiln and a mill motor: a month in seconds */
const FLEET = join(process.cwd(), 'test/fixtures/export-fleet.json');
// the kiln's meter silent from noon on the 10th for four days: the 10th and the 14th lose half their data
const GAP = { device: 'kiln-1', fromDay: 10, fromHour: 12, hours: 96 };

/** A self-signed certificate for 127.0.0.1 (openssl), trusted by the server process through NODE_EXTRA_CA_CERTS. */
function selfSigned(dir: string): { key: string; cert: string } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
    ...['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
    ...['-addext', 'subjectAltName=IP:127.0.0.1'],
  ]);
  return { key, cert };
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** The provincial platform's HTTPS endpoint: down (503) for its first delivery, then accepting. */
function platform(tls: { key: string; cert: string }): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer({ key: readFileSync(tls.key), cert: readFileSync(tls.cert) }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const status = got.length < 1 ? 503 : 200;
      got.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/upload`, got }),
    ),
  );
}

describe('online-monitoring indicators over a simulated month, pushed to the provincial platform', () => {
  let server: ServerProcess;
  let hook: Awaited<ReturnType<typeof platform>>;
  let sim: SimulatedMonth;
  let report: MonitoringReport;
  const api = async <T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
    const res = await apiFetch(`${server.httpUrl}${path}`, init);
    return { status: res.status, body: (await res.json()) as T };
  };
  const post = (body: unknown) =>
    api<ExportQueued>('/api/regulator/exports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-export-'));
    const tls = selfSigned(dir);
    hook = await platform(tls);
    const file = join(dir, 'webhooks.yaml');
    writeFileSync(
      file,
      `- id: shaanxi-platform\n  url: ${hook.url}\n  secret: ${SECRET}\n  events: [monitoring.daily, monitoring.monthly]\n`,
    );
    server = await startServer({
      QW_FLEET_FILE: FLEET,
      QW_WEBHOOKS_FILE: file,
      QW_EXPORT_CHECK_MS: '0',
      // the month is older than the 7 days ingest accepts by default: a gateway backfilling it
      QW_MAX_READING_AGE_DAYS: '62',
      NODE_EXTRA_CA_CERTS: tls.cert,
    });
    sim = await publishSimulatedMonth(server, { fleetFile: FLEET, gap: GAP });
    report = (await api<MonitoringReport>(`/api/regulator/monitoring?enterprise=demo-group&month=${sim.month}`)).body;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    hook?.server.close();
  });

  it('gives the monthly and daily indicators with the enterprise identified as a platform expects', () => {
    expect(report.enterprise).toMatchObject({ id: 'demo-group', uscc: '91610100MA6U0Q8K2P', region: '610100' });
    expect(report.daily).toHaveLength(sim.days);
    expect(report.monthly.kgce).toBeGreaterThan(0);
    expect(report.monthly.categories.find((c) => c.category === 'electricity')!.quantity).toBeGreaterThan(0);
    const clinker = report.monthly.outputs.find((o) => o.line === 'kiln-1')!;
    expect(clinker.quantity).toBeGreaterThan(0);
    expect(clinker.kgcePerUnit).toBeGreaterThan(0);
  });

  it('flags the planted gap: its days and the month drop below 90 % (the days wholly in it to 0), the other days are complete', () => {
    const [first, last] = [report.daily[GAP.fromDay - 1]!, report.daily[GAP.fromDay + 3]!];
    for (const d of [first, last]) {
      expect(d.completeness).toBeCloseTo(0.5, 2);
      expect(d.flags).toContain('INCOMPLETE');
    }
    // the days the kiln is silent throughout count it as missing, though other devices report electricity then
    const inside = report.daily.slice(GAP.fromDay, GAP.fromDay + 3);
    expect(inside).toHaveLength(3);
    for (const d of inside) {
      expect(d.completeness).toBe(0);
      expect(d.flags).toContain('INCOMPLETE');
    }
    const outside = report.daily.filter((_, i) => i < GAP.fromDay - 1 || i > GAP.fromDay + 3);
    expect(outside).toHaveLength(sim.days - 5);
    for (const d of outside) {
      expect(d.completeness).toBeGreaterThanOrEqual(0.99);
      expect(d.flags).not.toContain('INCOMPLETE');
    }
    // the kiln's meter is silent 4 of the month's days: (days − 4) / days of its samples, e.g. 27 / 31 = 87.1 %
    expect(report.monthly.completeness).toBeCloseTo((sim.days - GAP.hours / 24) / sim.days, 3);
    expect(report.monthly.completeness).toBeLessThan(0.9);
    expect(report.monthly.flags).toContain('INCOMPLETE');
  });

  it('finds the daily sums consistent with the monthly figure (within 5 %)', () => {
    expect(report.consistency.length).toBeGreaterThan(0);
    for (const c of report.consistency) expect(Math.abs(c.deviation)).toBeLessThanOrEqual(0.05);
    expect(report.monthly.flags).not.toContain('INCONSISTENT');
  });

  it('pushes the month over HTTPS through the outbox; the platform verifies it after a retry, the log shows it', async () => {
    const queued = await post({ enterprise: 'demo-group', kind: 'monthly', period: sim.month });
    expect(queued.status).toBe(202);
    expect(queued.body.deliveries).toEqual([
      expect.objectContaining({
        subscriberId: 'shaanxi-platform',
        kind: 'monthly',
        period: sim.month,
        status: 'pending',
      }),
    ]);
    const id = queued.body.deliveries[0]!.deliveryId;
    const deadline = Date.now() + 20_000;
    while (!hook.got.some((r) => r.status === 200) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));

    // the first attempt met the outage; the same delivery came again and was accepted
    expect(hook.got.map((r) => r.status)).toEqual([503, 200]);
    const ok = hook.got[1]!;
    expect(ok.headers[WEBHOOK_HEADERS.id]).toBe(id);
    expect(hook.got[0]!.headers[WEBHOOK_HEADERS.id]).toBe(id);
    expect(ok.headers[WEBHOOK_HEADERS.event]).toBe('monitoring.monthly');
    const ts = Number(ok.headers[WEBHOOK_HEADERS.timestamp]);
    const sig = String(ok.headers[WEBHOOK_HEADERS.signature]);
    expect(verify(SECRET, ts, ok.body, sig, Date.now())).toBe(true);
    expect(verify(SECRET, ts, ok.body.replace('"monthly"', '"daily"'), sig, Date.now())).toBe(false);

    const envelope = JSON.parse(ok.body) as WebhookEnvelope;
    const data = MonitoringExportSchema.parse(envelope.data);
    expect(data).toMatchObject({ format: 'qinwatt.monitoring/1', kind: 'monthly', period: sim.month });
    expect(data.enterprise.uscc).toBe('91610100MA6U0Q8K2P');
    expect(data.indicators.kgce).toBeCloseTo(report.monthly.kgce, 6);
    expect(data.indicators.completeness).toBeLessThan(0.9);
    expect(data.indicators.flags).toContain('INCOMPLETE');
    expect(data.days).toHaveLength(sim.days);
    expect(data.consistency!.every((c) => Math.abs(c.deviation) <= 0.05)).toBe(true);

    let log: ExportLog = { deliveries: [] };
    while (Date.now() < deadline) {
      log = (await api<ExportLog>('/api/regulator/exports?enterprise=demo-group')).body;
      if (log.deliveries[0]?.status === 'delivered') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(log.deliveries[0]).toMatchObject({
      deliveryId: id,
      status: 'delivered',
      attempts: 2,
      httpStatus: 200,
      codec: 'qinwatt-json',
      region: '610100',
    });
    // a region filter outside the enterprise's finds nothing
    expect((await api<ExportLog>('/api/regulator/exports?region=610300')).body.deliveries).toEqual([]);
  });

  it('pushes the day the gap began with its 96 quarter-hours, flagged incomplete', async () => {
    const day = `${sim.month}-${String(GAP.fromDay).padStart(2, '0')}`;
    const before = hook.got.length;
    const queued = await post({ enterprise: 'demo-group', kind: 'daily', period: day });
    expect(queued.status).toBe(202);
    const deadline = Date.now() + 20_000;
    while (hook.got.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const got = hook.got[before]!;
    expect(got.status).toBe(200);
    const data = MonitoringExportSchema.parse((JSON.parse(got.body) as WebhookEnvelope).data);
    expect(data).toMatchObject({ kind: 'daily', period: day });
    expect(data.quarterHours).toHaveLength(96);
    expect(data.indicators.completeness).toBeCloseTo(0.5, 2);
    expect(data.indicators.flags).toContain('INCOMPLETE');
    // the morning's quarter-hours are complete, the afternoon's empty
    expect(data.quarterHours![20]!.flags).not.toContain('INCOMPLETE');
    expect(data.quarterHours![60]!.flags).toContain('INCOMPLETE');
  });

  it('exports the plan figures of the month as an Excel workbook with the numbers the API gives', async () => {
    const q = `granularity=month&from=${sim.month}&to=${sim.month}`;
    const plan = (await api<PlanComplianceReport>(`/api/regulator/plan?${q}`)).body;
    const res = await apiFetch(`${server.httpUrl}/api/regulator/plan.xlsx?${q}`);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0]!;
    const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
    const scope = rows.find((r) => r[2] === 'scope' && r[5] === 'cement_clinker')!;
    const f = plan.periods[0]!.fields.find((x) => x.field === 'cement_clinker')!;
    expect(scope[1]).toBe(sim.month);
    expect(scope[8]).toBe(f.totalCapacity);
    expect(scope[15]).toBeCloseTo(f.shareAtOrAboveBaseline, 9);
    // the kiln's month rests on 87 % of its data: its capacity is insufficient, never compliant
    expect(scope[13]).toBe(f.capacity.insufficient);
    expect(f.capacity.insufficient).toBe(1_550_000);
  });

  it('refuses, with a reason, a period that has not ended and a daily export named by its month', async () => {
    const running = new Date().toISOString().slice(0, 7);
    const a = await post({ enterprise: 'demo-group', kind: 'monthly', period: running });
    expect(a.status).toBe(400);
    expect(JSON.stringify(a.body)).toContain('has not ended');
    const b = await post({ enterprise: 'demo-group', kind: 'daily', period: sim.month });
    expect(b.status).toBe(400);
    expect(JSON.stringify(b.body)).toContain('period');
  });
});
