import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tokenFor } from './server-process.js';

export const SIM_CLI = join(process.cwd(), 'dist/device-sim/src/cli.js');

export interface CliRun {
  /** resolves when stderr has shown a line matching `re` */
  ready(re: RegExp): Promise<void>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts the built device-sim CLI as a process. */
export function spawnCli(args: string[], timeoutMs = 30_000): CliRun {
  // a command aimed at a test server's API (--url) carries that server's token, as an operator's shell would
  const url = args[args.indexOf('--url') + 1];
  const token = args.includes('--url') && /^https?:/.test(url) ? tokenFor(url) : undefined;
  const env = { ...process.env, NODE_OPTIONS: '', ...(token ? { QW_API_TOKEN: token } : {}) };
  const p = spawn(process.execPath, [SIM_CLI, ...args], { env });
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ re: RegExp; resolve: () => void }> = [];
  p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  p.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
    for (const w of waiters.filter((x) => x.re.test(stderr))) w.resolve();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`device-sim ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    p.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return {
    done,
    ready: (re) =>
      re.test(stderr)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.push({ re, resolve })),
            done.then((r) => Promise.reject(new Error(`device-sim exited ${r.code} before ${re}:\n${r.stderr}`))),
          ]),
  };
}

/** Runs the built device-sim CLI to the end. */
export const runCli = (args: string[], timeoutMs?: number) => spawnCli(args, timeoutMs).done;
