import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { z } from 'zod';
import {
  DeviceSpecSchema,
  FleetListSchema,
  PlanLevelsSchema,
  RotatedSecretSchema,
  WebhookStatusSchema,
  type DeviceSpec,
} from '#contracts';
import { startServer, TEST_FLEET, type ServerProcess, apiFetch } from '../support/server-process.js';

interface Doc {
  paths: Record<
    string,
    Record<
      string,
      { security?: unknown[]; responses?: Record<string, { content?: Record<string, { schema: unknown }> }> }
    >
  >;
  security: unknown[];
  components: { securitySchemes: Record<string, unknown> };
}

/**
 * The routes the built server registers, read from Express's router after Nest has set the application up (the
 * same `createApp` the server runs, with no port opened for HTTP), as `get /api/alerts/{id}`.
 */
async function registeredRoutes(): Promise<string[]> {
  const script = `
    const { createApp } = await import('./dist/apps/server/src/bootstrap.js');
    const { loadConfig } = await import('./dist/apps/server/src/config/config.js');
    const { createLogger } = await import('./dist/apps/server/src/logger.js');
    const config = loadConfig({ QW_HTTP_PORT: '0', QW_MQTT_PORT: '0', QW_DEMO: 'false',
      QW_DATA_DIR: ${JSON.stringify(mkdtempSync(join(tmpdir(), 'qw-routes-')))},
      QW_FLEET_FILE: ${JSON.stringify(TEST_FLEET)} });
    const app = await createApp(config, createLogger('silent'));
    const routes = app.getHttpAdapter().getInstance().router.stack
      .filter((l) => l.route)
      .flatMap((l) => Object.keys(l.route.methods).map((m) => m + ' ' + l.route.path));
    process.stdout.write(JSON.stringify(routes));
    await app.close();`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  // Express writes path parameters as :name, OpenAPI as {name}
  return (JSON.parse(stdout) as string[]).map((r) => r.replace(/:(\w+)/g, '{$1}')).sort();
}

describe('the OpenAPI document (the built server)', () => {
  let server: ServerProcess;
  let doc: Doc;

  beforeAll(async () => {
    // the demo's fleet: devices with a meter-tree place and a process driver, so the answers carry every part
    server = await startServer({ QW_FLEET_FILE: join(process.cwd(), 'device-sim/fleets/demo.json') });
    doc = (await (await apiFetch(`${server.httpUrl}/api/openapi.json`)).json()) as Doc;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const r = await new Validator().validate(JSON.parse(JSON.stringify(doc)));
    expect(r.errors ?? []).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('describes exactly the routes the server registers', async () => {
    const described = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
      .sort();
    const registered = await registeredRoutes();
    expect(registered.length).toBeGreaterThan(30);
    expect(described).toEqual(registered);
  });

  it("describes answers from their schemas, and the built server's real answers parse with them", async () => {
    const get = async (path: string) => (await apiFetch(`${server.httpUrl}${path}`)).json() as Promise<unknown>;
    const ref = (path: string, method: string, status: string) =>
      doc.paths[path][method].responses?.[status]?.content?.['application/json']?.schema;
    const check = <T extends z.ZodType>(schema: T, answer: unknown) => {
      const r = schema.safeParse(answer);
      expect(r.success ? [] : r.error.issues).toEqual([]);
      return r.data as z.infer<T>;
    };
    expect(ref('/api/fleet', 'get', '200')).toEqual({ $ref: '#/components/schemas/FleetList' });
    expect(ref('/api/fleet/plants/{plantId}/devices/{deviceId}', 'get', '200')).toEqual({
      $ref: '#/components/schemas/DeviceSpec',
    });
    expect(ref('/api/regulator/webhooks', 'get', '200')).toEqual({ $ref: '#/components/schemas/WebhookStatus' });
    expect(ref('/api/regulator/levels', 'get', '200')).toEqual({ $ref: '#/components/schemas/PlanLevels' });

    const fleet = check(FleetListSchema, await get('/api/fleet'));
    expect(fleet.devices.some((d) => d.ledger) && fleet.devices.some((d) => d.driver)).toBe(true);
    for (const d of fleet.devices) check(DeviceSpecSchema, await get(`/api/fleet/plants/${d.plantId}/devices/${d.id}`));
    const made = await apiFetch(`${server.httpUrl}/api/fleet/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'openapi-m', plantId: 'xa-cement', class: 'motor', nameplate: { ratedKw: 11 } }),
    });
    expect(made.status).toBe(201);
    const body = (await made.json()) as { device: DeviceSpec; credentials: unknown };
    check(DeviceSpecSchema, body.device);
    check(RotatedSecretSchema, body.credentials);
    const levels = check(PlanLevelsSchema, await get('/api/regulator/levels'));
    expect(levels.fields.length).toBeGreaterThan(10);
    check(WebhookStatusSchema, await get('/api/regulator/webhooks'));
  });

  it('asks a session or an API token of every operation but the public ones', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiToken', 'qw_session']);
    expect(doc.security).toEqual([{ qw_session: [] }, { apiToken: [] }]);
    const open = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => Array.isArray(op.security) && op.security.length === 0)
          .map(([method]) => `${method} ${path}`),
      )
      .sort();
    expect(open).toEqual([
      'get /api/auth/setup',
      'get /api/docs',
      'get /api/openapi.json',
      'get /health',
      'get /ready',
      'post /api/auth/login',
      'post /api/auth/logout',
      'post /api/auth/setup',
    ]);
  });

  it('serves a browsable page whose files come from the server itself', async () => {
    const page = await apiFetch(`${server.httpUrl}/api/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const assets = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBe(2);
    for (const a of assets) {
      expect(a.startsWith('/')).toBe(true);
      expect((await apiFetch(`${server.httpUrl}${a}`)).status).toBe(200);
    }
  });
});
