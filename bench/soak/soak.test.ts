import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { requireInfluxInCi } from '../../test/support/influx.js';
import { parseSoakArgs } from './options.js';
import { growth, parseSampleRows, renderSample, type Sample } from './report.js';

/**
 * The soak is a program (`npm run bench:soak`, an hour or more); its few-seconds smoke run lives here so it cannot
 * rot. It asserts the run completes, samples memory and counts every acknowledged reading as stored — never a
 * memory figure: that is what the full run is for.
 */
const SOAK = join(process.cwd(), 'dist/bench/soak/soak.js');

function run(args: string[]): Promise<{ out: string; code: number }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SOAK, ...args],
      { env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 8 * 1024 * 1024 },
      (err, so, se) => resolve({ out: `${so}\n${se}`, code: err ? Number(err.code ?? 1) : 0 }),
    );
  });
}

function expectSmokeReport(out: string): void {
  expect(out).toContain('| time | RSS MB | heap used MB |');
  const rows = out.split('\n').filter((l) => /^\| \d+:\d\d \| \d/.test(l));
  expect(rows.length).toBeGreaterThanOrEqual(5);
  expect(out).toMatch(/Resident memory, mean of the samples [\d:]+-[\d:]+: \d+ MB/);
  const m = /Readings acknowledged ([\d,]+), stored ([\d,]+), acknowledged but lost 0;/.exec(out);
  expect(m).not.toBeNull();
  const acked = Number(m![1].replace(/,/g, ''));
  expect(acked).toBeGreaterThan(100);
  expect(Number(m![2].replace(/,/g, ''))).toBe(acked);
}

describe('npm run bench:soak -- --smoke', () => {
  it('on the embedded store: samples memory over the run and stores every acknowledged reading', async () => {
    const { out, code } = await run(['--smoke']);
    expect({ code, tail: code ? out.slice(-3000) : '' }).toEqual({ code: 0, tail: '' });
    expectSmokeReport(out);
  }, 90_000);

  describe('on InfluxDB 1.x', () => {
    if (!requireInfluxInCi('the soak smoke run on InfluxDB 1.x')) return;
    it('samples memory over the run and stores every acknowledged reading', async () => {
      const { out, code } = await run(['--smoke', '--store', 'influxdb1']);
      expect({ code, tail: code ? out.slice(-3000) : '' }).toEqual({ code: 0, tail: '' });
      expectSmokeReport(out);
    }, 90_000);
  });

  it('refuses an unknown option with the list of options, and prints them on --help', async () => {
    const bad = await run(['--durration', '1h']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("Unknown option '--durration'");
    expect(bad.out).toContain('--duration <time>');
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--store <name>');
  });
});

describe('soak options', () => {
  it('parses durations and refuses bad values', () => {
    expect(parseSoakArgs(['--duration', '90m', '--sample', '1m', '--store', 'influxdb1'])).toMatchObject({
      durationMs: 5_400_000,
      sampleMs: 60_000,
      store: 'influxdb1',
      devices: 5000,
      gateways: 50,
    });
    expect(() => parseSoakArgs(['--store', 'sqlite'])).toThrow(/--store/);
    expect(() => parseSoakArgs(['--duration', 'soon'])).toThrow(/not a duration/);
    expect(() => parseSoakArgs(['--devices', '5001'])).toThrow(/multiple of --gateways/);
    expect(() => parseSoakArgs(['--rate', '0'])).toThrow(/positive/);
    expect(() => parseSoakArgs(['--duration', '5m'])).toThrow(/--baseline/);
  });
});

describe('soak memory growth', () => {
  const sample = (atSec: number, rssMb: number): Sample => ({
    atSec,
    rssMb,
    heapUsedMb: rssMb / 2,
    heapTotalMb: rssMb,
    externalMb: 1,
    ackedPerSec: 5000,
    writtenPerSec: 5000,
    spoolPending: 0,
    healthMs: 3,
    heldBack: 0,
    load1: 1,
  });
  const run = (rss: (min: number) => number) => Array.from({ length: 60 }, (_, i) => sample((i + 1) * 60, rss(i + 1)));

  it('compares the mean of 10 minutes from the baseline with the mean of the last 10, not two single samples', () => {
    // a heap that breathes by 150 MB with a 7-minute period does not grow
    const breathing = growth(
      run((m) => 300 + 150 * Math.max(0, Math.sin((2 * Math.PI * m) / 7))),
      600_000,
    )!;
    expect(Math.abs(breathing.rssPct)).toBeLessThan(5);
    expect(breathing.base.from).toBe(600);
    expect(breathing.end.to).toBe(3600);
    // memory that follows readings: +10 MB a minute
    expect(
      growth(
        run((m) => 300 + 10 * m),
        600_000,
      )!.rssPct,
    ).toBeGreaterThan(50);
  });

  it('reads the sample rows back from a printed report (--summarize)', () => {
    const rows = [sample(90, 1234.4), { ...sample(3600, 300), healthMs: NaN }];
    const back = parseSampleRows(['| time | …', ...rows.map(renderSample), 'Resident memory …'].join('\n'));
    expect(back.map((s) => [s.atSec, s.rssMb, s.ackedPerSec])).toEqual([
      [90, 1234, 5000],
      [3600, 300, 5000],
    ]);
    expect(back[1].healthMs).toBeNaN();
  });
});
