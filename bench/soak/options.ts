import { parseArgs } from 'node:util';

/** How long and how hard the soak runs. */
export interface SoakOptions {
  durationMs: number;
  /** readings per second per device */
  rate: number;
  devices: number;
  gateways: number;
  store: 'embedded' | 'influxdb1';
  sampleMs: number;
  /** memory growth is measured from the sample nearest this point of the run to its last sample */
  baselineMs: number;
  /** also write the printed report to this file */
  out?: string;
  /** print the memory growth of a report printed earlier (its sample rows) instead of running */
  summarize?: string;
  smoke: boolean;
}

export const SOAK_HELP = `npm run bench:soak -- [options]

Drives the built server for a long time at a steady rate through gateways (one reading per device per message) and
samples its resident memory and V8 heap; prints a table over time, the growth from the baseline to the end (mean of
the samples in the 10 minutes from the baseline against the mean of the last 10 minutes, shorter when the run is;
target < 5 %), and acknowledged against stored readings. Exits 1 when an acknowledged reading was not stored.

  --duration <time>     how long the load runs (default 60m; 90s, 15m, 1h)
  --rate <n>            readings per second per device (default 1)
  --devices <n>         devices in all (default 5000)
  --gateways <n>        gateways; each carries devices/gateways devices (default 50)
  --store <name>        embedded | influxdb1 (default embedded; influxdb1 uses QW_TEST_INFLUX_URL or starts its own
                        influxd on QW_TEST_INFLUX_PORT or a free port)
  --sample <time>       interval between memory samples (default 30s)
  --baseline <time>     growth is measured from this point of the run (default 10m)
  --out <file>          also write the printed report to this file
  --summarize <file>    print the memory growth of a report written earlier (with --baseline) and exit
  --smoke               a few seconds with a small fleet (the test suite runs this)
  --help                this text`;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "90s", "15m", "1h", "500ms"; a bare number is seconds */
export function parseDuration(text: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  if (!m) throw new Error(`--${name}: "${text}" is not a duration (e.g. 90s, 15m, 1h)`);
  return Number(m[1]) * UNITS[m[2] ?? 's'];
}

function positive(text: string, name: string, integer: boolean): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new Error(`--${name}: "${text}" is not a positive ${integer ? 'integer' : 'number'}`);
  return n;
}

/** Strict: an unknown option, a missing value or a bad one is an error (the caller prints it with the help). */
export function parseSoakArgs(argv: string[]): SoakOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      duration: { type: 'string' },
      rate: { type: 'string' },
      devices: { type: 'string' },
      gateways: { type: 'string' },
      store: { type: 'string' },
      sample: { type: 'string' },
      baseline: { type: 'string' },
      out: { type: 'string' },
      summarize: { type: 'string' },
      smoke: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (positionals.length) throw new Error(`unexpected argument "${positionals[0]}"`);
  if (values.help) return 'help';
  const smoke = values.smoke ?? false;
  const o: SoakOptions = smoke
    ? {
        durationMs: 8000,
        rate: 1,
        devices: 40,
        gateways: 4,
        store: 'embedded',
        sampleMs: 1000,
        baselineMs: 3000,
        smoke,
      }
    : {
        durationMs: 3_600_000,
        rate: 1,
        devices: 5000,
        gateways: 50,
        store: 'embedded',
        sampleMs: 30_000,
        baselineMs: 600_000,
        smoke,
      };
  if (values.duration !== undefined) o.durationMs = parseDuration(values.duration, 'duration');
  if (values.sample !== undefined) o.sampleMs = parseDuration(values.sample, 'sample');
  if (values.baseline !== undefined) o.baselineMs = parseDuration(values.baseline, 'baseline');
  if (values.rate !== undefined) o.rate = positive(values.rate, 'rate', false);
  if (values.devices !== undefined) o.devices = positive(values.devices, 'devices', true);
  if (values.gateways !== undefined) o.gateways = positive(values.gateways, 'gateways', true);
  if (values.store !== undefined) {
    if (values.store !== 'embedded' && values.store !== 'influxdb1')
      throw new Error(`--store: "${values.store}" is not embedded or influxdb1`);
    o.store = values.store;
  }
  o.out = values.out;
  o.summarize = values.summarize;
  if (o.devices % o.gateways !== 0)
    throw new Error(`--devices (${o.devices}) must be a multiple of --gateways (${o.gateways})`);
  if (o.baselineMs >= o.durationMs)
    throw new Error(`--baseline (${o.baselineMs / 1000} s) must be shorter than --duration (${o.durationMs / 1000} s)`);
  if (o.sampleMs > o.baselineMs) throw new Error('--sample must not be longer than --baseline');
  return o;
}
