import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PhaseResult } from './reconnect-storm.js';

/**
 * The reconnect-storm benchmark is a program (npm run bench:reconnect); its smoke run lives here so it cannot rot:
 * 500 devices at once through a first boot, a restart, and a restart beside a flood of wrong secrets. It asserts
 * that every device got in and none was refused, never how fast.
 */
describe('npm run bench:reconnect -- --devices 500', () => {
  it('connects every device in each phase, refuses none of them, and refuses the flood', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qw-storm-smoke-')), 'storm.json');
    const args = ['dist/bench/auth/reconnect-storm.js', '--devices', '500', '--processes', '2', '--flood', '300'];
    const run = await new Promise<{ stdout: string; code: number }>((resolve) => {
      const child = execFile(
        process.execPath,
        [...args, '--timeout', '60', '--out', out],
        { env: { ...process.env, NODE_OPTIONS: '' } },
        (_err, stdout) => resolve({ stdout, code: child.exitCode ?? -1 }),
      );
    });
    expect({ code: run.code, stdout: run.stdout }).toMatchObject({ code: 0 });
    const phases = JSON.parse(readFileSync(out, 'utf8')) as PhaseResult[];
    expect(phases.map((p) => p.phase)).toEqual(['first boot', 'restart', 'restart + flood']);
    for (const p of phases) {
      expect({ phase: p.phase, connected: p.connected, all: p.allConnectedMs !== undefined }).toEqual({
        phase: p.phase,
        connected: 500,
        all: true,
      });
      // 'closed': tried before the server was listening ('timeout': no CONNACK in 10 s on a busy machine); any
      // CONNACK refusal of a right secret is a defect
      const refusals = Object.keys(p.refused).filter((k) => k !== 'closed' && k !== 'timeout');
      expect({ phase: p.phase, refused: refusals }).toEqual({
        phase: p.phase,
        refused: [],
      });
    }
    const flood = phases[2];
    expect(flood.floodAttempts).toBeGreaterThan(0);
    expect(Object.keys(flood.floodRefused).every((k) => ['3', '4', 'closed', 'timeout'].includes(k))).toBe(true);
    expect(flood.floodRefused['3']).toBeGreaterThan(0); // the flood's address was throttled
  }, 180_000);
});
