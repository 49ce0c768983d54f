import { execFile } from 'node:child_process';
import { join } from 'node:path';

/**
 * Every bench program parses its options strictly, before it starts anything: `--help` prints the options and
 * exits 0, an unknown option exits 2 naming it. Cheap: nothing runs past the parser.
 */
const PROGRAMS: Array<[script: string, program: string]> = [
  ['bench', 'run.js'],
  ['bench:cpu', 'ingest/cpu.js'],
  ['bench:ingest', 'ingest/ingest-bench.js'],
  ['bench:detection', 'detection/bench.js'],
  ['eval:detection', 'detection/eval-cli.js'],
  ['bench:sim', 'sim-load.js'],
  ['bench:store', 'store/store-bench.js'],
  ['bench:store:embedded', 'store/embedded-restart.js'],
  ['bench:alerts', 'alerts/alert-path.js'],
  ['bench:soak', 'soak/soak.js'],
  ['bench:reconnect', 'auth/reconnect-storm.js'],
  ['bench:ledger', 'ledger/ledger-bench.js'],
  ['bench:console', 'console/console-bench.js'],
  ['bench:capacity', 'capacity/capacity.js'],
  ['profile-top', 'profile-top.js'],
];

function run(program: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(process.cwd(), 'dist/bench', program), ...args],
      { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 20_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.each(PROGRAMS)('%s: strict options', (_script, program) => {
  it.concurrent('--help prints every option and exits 0', async () => {
    const r = await run(program, ['--help']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/--help/);
  });

  it.concurrent('an unknown option exits 2 and names it, starting nothing', async () => {
    const r = await run(program, ['--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such-option/);
    expect(r.stdout).toBe('');
  });
});

describe('option values are checked too', () => {
  it.each([
    ['run.js', ['--runs', 'three'], /--runs: "three" is not a positive integer/],
    ['run.js', ['--only', 'qinwatt,nodered'], /--only: nodered is not one of/],
    ['ingest/cpu.js', ['--store', 'sqlite'], /--store: "sqlite" is not one of influxdb1, embedded/],
    ['sim-load.js', ['20000'], /unexpected argument "20000"/],
  ])('%s %j exits 2', async (program, args, message) => {
    const r = await run(program, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
