import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer, type ServerProcess } from '../support/server-process.js';

interface AccessLine {
  msg: string;
  method: string;
  route: string | null;
  path: string;
  status: number;
  ms: number;
  user: string | null;
  reqId?: unknown;
}

describe('one structured log (the built server)', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('writes one access-log line per request: method, route, status, milliseconds, user', async () => {
    await fetch(`${server.httpUrl}/api/alerts?state=open`);
    await fetch(`${server.httpUrl}/api/alerts?state=sleeping`, { headers: { cookie: 'qw_session=secret-value' } });
    await new Promise((r) => setTimeout(r, 200));
    const lines = server.logs
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as AccessLine)
      .filter((l) => l.msg === 'request' && l.path === '/api/alerts');
    expect(lines.map((l) => [l.method, l.route, l.status, l.user])).toEqual([
      ['GET', '/api/alerts', 200, null],
      ['GET', '/api/alerts', 400, null],
    ]);
    for (const l of lines) expect(l.ms).toEqual(expect.any(Number));
    // headers (a session cookie, a token) never reach the log
    expect(server.logs.join('\n')).not.toContain('secret-value');
  });

  it('logs a rejected promise nobody awaited, with its stack, and the process goes on', async () => {
    const script = `
      const { logUnhandledRejections } = await import('./dist/apps/server/src/process-handlers.js');
      const { createLogger } = await import('./dist/apps/server/src/logger.js');
      logUnhandledRejections(process, createLogger('info'));
      Promise.reject(new Error('a background write failed'));
      setTimeout(() => process.stdout.write('still running\\n'), 100);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const [logged, alive] = stdout.trim().split('\n');
    expect(JSON.parse(logged!)).toMatchObject({
      level: 50,
      msg: 'unhandled promise rejection; the process goes on',
      err: { message: 'a background write failed', stack: expect.stringContaining('Error') },
    });
    expect(alive).toBe('still running');
  });
});
