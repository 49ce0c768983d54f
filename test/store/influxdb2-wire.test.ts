import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Influxdb2Store } from '../../apps/server/src/store/influxdb2/influxdb2-store.js';
import { StoreRejection } from '../../apps/server/src/store/telemetry-store.js';
import { INFLUX_URL, requireInfluxInCi } from '../support/influx.js';

interface Seen {
  method: string;
  url: string;
  auth?: string;
  body: string;
}

/**
 * No 2.x server can be installed here, so this checks the adapter's requests on the wire against the documented
 * v2 API (POST /api/v2/write?org&bucket&precision=ms, Authorization: Token ...), with a stand-in HTTP endpoint.
 */
describe('InfluxDB 2.x adapter on the wire', () => {
  let server: Server;
  let url: string;
  const seen: Seen[] = [];
  let writeStatus = 204;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
        if (req.url!.startsWith('/api/v2/buckets')) {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ buckets: req.url!.includes('name=qw') ? [{ name: 'qw' }] : [] }));
        } else if (req.url!.startsWith('/api/v2/write')) {
          res.statusCode = writeStatus;
          res.setHeader('content-type', 'application/json');
          res.end(writeStatus === 204 ? '' : JSON.stringify({ code: 'internal error', message: 'disk full' }));
        } else res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('writes line protocol at ms precision with the token, and rejects when the server refuses', async () => {
    const store = new Influxdb2Store({ url, org: 'plant ops', bucket: 'qw', token: 's3cret' });
    await store.init();
    await store.write([
      { plantId: 'p1', deviceId: 'm1', class: 'motor', ts: 1700000000123, seq: 3, metrics: { active_power: 48.5 } },
    ]);
    const w = seen.find((s) => s.url.startsWith('/api/v2/write'))!;
    expect(w.method).toBe('POST');
    expect(w.url).toBe('/api/v2/write?org=plant%20ops&bucket=qw&precision=ms');
    expect(w.auth).toBe('Token s3cret');
    expect(w.body).toBe('telemetry,class=motor,device=m1,plant=p1 active_power=48.5,seq=3 1700000000123');
    writeStatus = 500;
    const kpi = [{ plantId: 'p1', deviceId: 'm1', class: 'motor' as const, ts: 1, values: { eff: 1 } }];
    const outage = await store.writePoints('kpi', kpi).catch((e: Error) => e);
    expect(outage).toBeInstanceOf(Error);
    expect(outage).not.toBeInstanceOf(StoreRejection); // the server's state: retried
    writeStatus = 400; // the points themselves: split and kept as dead letters by the spool writer
    await expect(store.writePoints('kpi', kpi)).rejects.toBeInstanceOf(StoreRejection);
    writeStatus = 204;
    await store.close();
  });

  it('refuses to start without its bucket', async () => {
    const store = new Influxdb2Store({ url, org: 'o', bucket: 'missing', token: 't' });
    await expect(store.init()).rejects.toThrow('no bucket "missing" in org "o"');
  });
});

describe('InfluxDB 2.x adapter pointed at a 1.x server', () => {
  if (!requireInfluxInCi('2.x adapter against InfluxDB 1.6')) return;
  it('InfluxDB 1.6 answers 404 on /api/v2, and the adapter says what that means', async () => {
    expect((await fetch(`${INFLUX_URL}/api/v2/write?org=o&bucket=b`, { method: 'POST', body: 'x v=1' })).status).toBe(
      404,
    );
    const store = new Influxdb2Store({ url: INFLUX_URL!, org: 'o', bucket: 'b', token: 't' });
    await expect(store.init()).rejects.toThrow(/answers 404 on \/api\/v2: not an InfluxDB 2.x server/);
  });
});
