import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from './report.js';
import { SERVER_NODE_FLAGS } from './lib/server.js';

/**
 * The benchmark is a program, not a timed test; its smoke run lives here so it cannot rot. It asserts the run
 * completes and measures every row with a positive figure, and that no acknowledged reading went missing —
 * never how fast anything was.
 */
const RUN = join(process.cwd(), 'dist/bench/run.js');
const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`]);
    return true;
  } catch {
    return false;
  }
};
const missing = [
  !process.env.QW_TEST_INFLUX_URL && !has('influxd') ? 'influxd (or QW_TEST_INFLUX_URL)' : '',
  has('mosquitto') ? '' : 'mosquitto',
].filter(Boolean);

describe('npm run bench -- --smoke', () => {
  it('measures the limits, qinwatt end to end and the peer, and writes the table as JSON', async () => {
    if (missing.length) {
      const msg = `bench smoke needs ${missing.join(' and ')} (apt-get install influxdb mosquitto)`;
      if (process.env.CI) throw new Error(msg);
      console.warn(`NOT RUN: ${msg}`);
      return;
    }
    const out = join(mkdtempSync(join(tmpdir(), 'qw-bench-smoke-')), 'smoke.json');
    const { stdout, code } = await new Promise<{ stdout: string; code: number }>((resolve) => {
      const child = execFile(
        process.execPath,
        [RUN, '--smoke', '--out', out],
        { env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 8 * 1024 * 1024 },
        (err, so, se) => resolve({ stdout: `${so}\n${se}`, code: err ? Number(err.code ?? 1) : 0 }),
      );
      child.stdin?.end();
    });
    expect({ code, tail: code ? stdout.slice(-4000) : '' }).toEqual({ code: 0, tail: '' });

    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.failures).toEqual([]);
    const value = (stage: RegExp, figure: string) =>
      report.rows.find((r) => stage.test(r.stage) && r.figure === figure)?.value;
    for (const [stage, figure] of [
      [/^raw aedes/, 'delivered'],
      [/^raw Mosquitto QoS0/, 'delivered'],
      [/^raw Mosquitto QoS1/, 'delivered'],
      [/^raw InfluxDB/, 'points written'],
      [/^qinwatt/, 'maximum, 1 reading/message'],
      [/^qinwatt/, 'at maximum: publish → durable PUBACK p50'],
      [/^qinwatt/, 'half load: publish → stored+queryable p99'],
      [/^qinwatt/, 'gateway-batched'],
      [/^qinwatt/, 'overload: delivered'],
      [/^qinwatt/, 'overload: peak RSS'],
    ] as const)
      expect({ stage: stage.source, figure, positive: (value(stage, figure) ?? 0) > 0 }).toEqual({
        stage: stage.source,
        figure,
        positive: true,
      });
    // the server's event loop's wait for a CPU (Linux schedstat): a figure, zero on an idle machine
    for (const when of ['gateway-batched', 'half load'])
      expect(value(/^qinwatt/, `${when}: server event loop waiting for a CPU`)).toEqual(expect.any(Number));
    expect(value(/^qinwatt/, 'rejected by the server')).toBe(0);
    expect(value(/^qinwatt/, 'acknowledged but lost')).toBe(0);
    // the peer is measured when Node-RED is installed in bench/peer, and the table says so when it is not
    const peer = report.rows.filter((r) => r.stage.startsWith('Node-RED peer') && r.figure === 'stored');
    expect(peer.length).toBeGreaterThan(0);
    for (const r of peer) expect(r.value === null ? /skipped/.test(r.note ?? '') : r.value > 0).toBe(true);
    expect(report.ratios.map((r) => r.name)).toContain(
      'qinwatt max, 1 reading/msg ÷ raw aedes QoS1 passthrough (better of before/after)',
    );
    expect(stdout).toContain('| stage | figure | value | unit | note |');
  }, 180_000);
});

describe('the bench runs the server as `npm start` does', () => {
  it('with the same node flags', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toContain(`node ${SERVER_NODE_FLAGS.join(' ')} dist/apps/server/src/main.js`);
  });
});
