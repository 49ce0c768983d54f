import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * bench:alerts is a program, not a timed test; this smoke run keeps it from rotting. It asserts the run completes,
 * every alert reached the emit, and the loaded phase met the snapshot — never how fast anything was.
 */
const PROGRAM = join(process.cwd(), 'dist/bench/alerts/alert-path.js');

interface Phase {
  missed: number;
  alertPathMs: { n: number; p99: number };
  snapshotSaveMs?: { n: number };
}

describe('npm run bench:alerts (smoke)', () => {
  it('times alerts from onOpen to the emit, quiet and under load, and loses none', async () => {
    const args = ['--seconds', '0.6', '--alerts', '20', '--devices', '200', '--snapshot-every', '0.2'];
    const { stdout, code } = await new Promise<{ stdout: string; code: number }>((resolve) => {
      const child = execFile(process.execPath, [PROGRAM, ...args], { env: { ...process.env, NODE_OPTIONS: '' } });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (c) => resolve({ stdout: out, code: c ?? -1 }));
    });
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { quiet: Phase; loaded: Phase };
    for (const p of [r.quiet, r.loaded]) {
      expect(p.missed).toBe(0);
      expect(p.alertPathMs.n).toBeGreaterThan(0);
      expect(p.alertPathMs.p99).toBeGreaterThan(0);
    }
    expect(r.loaded.snapshotSaveMs!.n).toBeGreaterThan(0);
  });
});
