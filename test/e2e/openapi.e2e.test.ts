import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startServer, TEST_FLEET, type ServerProcess } from '../support/server-process.js';

interface Doc {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
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
    server = await startServer();
    doc = (await (await fetch(`${server.httpUrl}/api/openapi.json`)).json()) as Doc;
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
    expect(open).toEqual(['get /api/docs', 'get /api/openapi.json', 'get /health', 'get /ready']);
  });

  it('serves a browsable page whose files come from the server itself', async () => {
    const page = await fetch(`${server.httpUrl}/api/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const assets = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBe(2);
    for (const a of assets) {
      expect(a.startsWith('/')).toBe(true);
      expect((await fetch(`${server.httpUrl}${a}`)).status).toBe(200);
    }
  });
});
