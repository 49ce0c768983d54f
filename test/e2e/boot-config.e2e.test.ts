import { spawnSync } from 'node:child_process';
import { SERVER_MAIN } from '../support/server-process.js';

describe('boot with a bad configuration', () => {
  it('refuses to start and lists every problem at once', () => {
    const r = spawnSync(process.execPath, [SERVER_MAIN], {
      env: { ...process.env, NODE_OPTIONS: '', QW_HTTP_PORT: 'x', QW_STORE: 'nope', QW_LOG_LEVEL: 'loud' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid configuration');
    for (const name of ['QW_HTTP_PORT', 'QW_STORE', 'QW_LOG_LEVEL']) expect(r.stderr).toContain(name);
  });
});
