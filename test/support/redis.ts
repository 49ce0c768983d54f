import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from '../../bench/lib/procs.js';

/** A throw-away redis-server (Debian's, `deploy/test-deps.sh`) on loopback, nothing saved, stopped by its PID. */
export interface RedisServer {
  port: number;
  /** redis://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** stops it (SIGTERM to its PID) and resolves once it has exited */
  stop(): Promise<void>;
  /** after `stop`: a new, empty one on the same port (a Redis restart without persistence) */
  start(): Promise<void>;
}

/** whether `redis-server` can be run here (tests that need it fail in CI when it cannot) */
export const hasRedisServer = (): boolean => spawnSync('redis-server', ['--version']).status === 0;

export { freePort };

/** Starts redis-server on `port` (QW_TEST_REDIS_PORT, else any free one) and resolves once it accepts connections. */
export async function startRedis(port?: number, timeoutMs = 10_000): Promise<RedisServer> {
  const p = port ?? (Number(process.env.QW_TEST_REDIS_PORT) || (await freePort()));
  let proc = await launch(p, timeoutMs);
  const server: RedisServer = {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    get pid() {
      return proc.pid!;
    },
    stop: () => halt(proc, 'SIGTERM'),
    async start() {
      await halt(proc, 'SIGKILL');
      proc = await launch(p, timeoutMs);
    },
  };
  return server;
}

function launch(port: number, timeoutMs: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const proc = spawn('redis-server', [...args, '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`redis-server on ${port} not ready in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    proc.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server on ${port} exited ${code}:\n${out}`));
    });
    const watch = (b: Buffer) => {
      out += b.toString();
      if (!out.includes('Ready to accept connections')) return;
      clearTimeout(timer);
      proc.stdout!.off('data', watch);
      // keep draining its output so it never blocks on a full pipe
      proc.stdout!.resume();
      resolve(proc);
    };
    proc.stdout!.on('data', watch);
    proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  });
}

function halt(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.removeAllListeners('exit');
    proc.once('exit', () => resolve());
    process.kill(proc.pid!, signal);
  });
}
