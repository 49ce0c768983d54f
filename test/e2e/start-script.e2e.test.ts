import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** runs one of the npm scripts' node programs; resolves with its exit code and output */
function run(script: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const proc = spawn(process.execPath, [script], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, out })));
}

const mtimes = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => [f, statSync(join(dir, f)).mtimeMs]),
  );

describe('npm start and npm run build (the scripts in deploy/, on the built tree)', () => {
  it('npm start refuses a busy port before building anything, naming the port, and writes nothing', async () => {
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
    const port = (squatter.address() as AddressInfo).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'qw-start-'));
    const before = mtimes('dist/apps');
    try {
      const { code, out } = await run('deploy/start.mjs', { QW_HTTP_PORT: String(port), QW_DATA_DIR: dataDir });
      expect(code).toBe(3);
      expect(out).toContain(`HTTP port 127.0.0.1:${port} (QW_HTTP_PORT): in use by another process`);
      expect(readdirSync(dataDir)).toEqual([]);
      expect(mtimes('dist/apps')).toEqual(before);
    } finally {
      squatter.close();
    }
  });

  it('a build with nothing changed compiles nothing and leaves the console bundle as it was', async () => {
    expect((await run('deploy/build.mjs')).code).toBe(0); // whatever a developer changed is built now
    const server = mtimes('dist/apps');
    const consoleBundle = mtimes('dist/console');
    const { code, out } = await run('deploy/build.mjs');
    expect(code).toBe(0);
    expect(out).not.toContain('vite');
    expect(mtimes('dist/apps')).toEqual(server);
    expect(mtimes('dist/console')).toEqual(consoleBundle);
  }, 120_000);
});
