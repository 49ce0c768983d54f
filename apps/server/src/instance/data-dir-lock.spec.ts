import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirBusy, LOCK_FILE, lockDataDir } from './data-dir-lock.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'qw-lock-'));
const holder = (pid: number, extra: object = {}) =>
  JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z', ...extra });

/** a process that is alive for the test's duration, and one that has exited (and been reaped) */
async function processes(): Promise<{ live: number; dead: number; stop(): void }> {
  const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => gone.once('exit', r));
  return { live: live.pid!, dead: gone.pid!, stop: () => live.kill('SIGKILL') };
}

describe('lockDataDir', () => {
  let procs: Awaited<ReturnType<typeof processes>>;
  beforeAll(async () => (procs = await processes()));
  afterAll(() => procs.stop());

  it('takes a free directory, writing who holds it, and gives it back on release', () => {
    const dir = fresh();
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(lock.replaced).toBeUndefined();
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses a directory a live process holds, naming the directory and the process, and leaves its file', () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), holder(procs.live));
    expect(() => lockDataDir(dir)).toThrow(DataDirBusy);
    expect(() => lockDataDir(dir)).toThrow(`data directory ${dir} is in use by qinwatt process ${procs.live}`);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(holder(procs.live));
  });

  it.each([
    ['an exited process', () => holder(procs.dead)],
    ['a PID now used by a later process', () => holder(procs.live, { procStart: '1' })],
    ['a previous run with this very PID (a restarted container)', () => holder(process.pid)],
  ])('takes over a stale lock left by %s', (_what, stale) => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), stale());
    const lock = lockDataDir(dir);
    expect(lock.replaced?.pid).toBe(JSON.parse(stale()).pid);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('takes over a file it cannot read as a lock (a torn write by another program)', () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 4');
    lockDataDir(dir).release();
  });

  it('treats a holder on another host as live: its process cannot be checked from here', () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: procs.dead, host: 'elsewhere', since: 'x' }));
    expect(() => lockDataDir(dir)).toThrow(/process \d+ on elsewhere/);
  });

  it('release leaves alone a lock that is no longer its own', () => {
    const dir = fresh();
    const lock = lockDataDir(dir);
    writeFileSync(join(dir, LOCK_FILE), holder(procs.live));
    lock.release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(holder(procs.live));
  });
});
