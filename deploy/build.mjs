// Builds only what changed: the server, libraries and simulator through tsc's own up-to-date check (tsc -b,
// dist/.tsbuildinfo), and the console through vite only when its inputs differ from the last console build's.
// `npm run build` and `npm start` both come here. FORCE_BUILD=1 rebuilds the console regardless.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
/** what the console bundle is made of: its own sources, the libraries it imports, the locked dependencies */
const CONSOLE_INPUTS = ['apps/console', 'libs', 'package-lock.json'];
const CONSOLE_OUT = join(root, 'dist', 'console');
const STAMP = join(CONSOLE_OUT, '.inputs.sha256');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** every file under a path (or the path itself, if a file), relative to the root */
function files(path) {
  const abs = join(root, path);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [path];
  return readdirSync(abs, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)))
    .filter((f) => !f.split('/').includes('node_modules'));
}

function consoleInputsHash() {
  const h = createHash('sha256');
  for (const f of CONSOLE_INPUTS.flatMap(files).sort())
    h.update(f)
      .update('\0')
      .update(readFileSync(join(root, f)))
      .update('\0');
  return h.digest('hex');
}

export function build() {
  run(bin('tsc'), ['-b', 'tsconfig.build.json']);
  const inputs = consoleInputsHash();
  const built = existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : '';
  if (built === inputs && !process.env.FORCE_BUILD) return;
  run(bin('vite'), ['build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'warn']);
  writeFileSync(STAMP, inputs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();
