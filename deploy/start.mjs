// npm start, before the server itself: refuse at once when a port or the data directory is taken (asked of the
// previous build's server, which checks exactly as it will at start), then build only what changed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const main = fileURLToPath(new URL('../dist/apps/server/src/main.js', import.meta.url));
// a build older than the preflight would not know the flag and would start the whole server: skip it then
if (existsSync(main) && readFileSync(main, 'utf8').includes('--preflight')) {
  const r = spawnSync(process.execPath, [main, '--preflight'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
build();
