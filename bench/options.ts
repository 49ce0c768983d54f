import { cli, positive, UsageError } from './lib/cli.js';

/** How long and how hard each stage runs. `--smoke` keeps every stage to a few seconds with small counts. */
export interface BenchOptions {
  smoke: boolean;
  /** runs of the repeated stages (the passthrough and write references and qinwatt); figures are their medians */
  runs: number;
  /** measured seconds per throughput stage */
  stageMs: number;
  warmupMs: number;
  /** publisher connections (one per device, as meters connect) */
  connections: number;
  /** unacknowledged QoS 1 messages per publisher connection */
  window: number;
  /**
   * the same for qinwatt's maximum: deep enough that the server's capacity, not the round trip, sets the rate
   * (PUBACK latency at that point is queueing: Little's law; the half-load stage gives latency at a normal load)
   */
  qinwattWindow: number;
  influxBatch: number;
  /** readings per gateway message */
  gatewayBatch: number;
  /** the burst offered to the peer pipeline */
  peerMessages: number;
  /** how long the overload stage offers 2× the sustainable rate */
  overloadMs: number;
  /** run the Node-RED peer (installing it when missing; in smoke mode only when already installed) */
  peer: boolean;
  out: string;
  /** run only these stages: aedes, mosquitto, influx, qinwatt, peer */
  only?: string[];
  /** put the table into README.md's Performance section */
  readme: boolean;
  /** write a V8 CPU profile of the qinwatt server into this directory (node --cpu-prof) */
  profileDir?: string;
}

export const STAGES = ['aedes', 'mosquitto', 'influx', 'qinwatt', 'peer'] as const;

const USAGE = 'npm run bench -- [options]';
const ABOUT = `Measures this machine's limits (raw aedes and Mosquitto passthrough, raw InfluxDB writes), qinwatt end to end
and the Node-RED peer, each key stage repeated; prints every figure and same-run ratio as the median with the
lowest–highest of the runs, and writes the report as JSON.`;

const OPTIONS = {
  smoke: { type: 'boolean', help: 'a few seconds per stage, one run (the test suite runs this)' },
  runs: { type: 'string', arg: '<n>', help: 'runs of the repeated stages (default 3; 1 with --smoke)' },
  'no-peer': { type: 'boolean', help: 'leave out the Node-RED peer' },
  out: { type: 'string', arg: '<file>', help: 'the JSON report (default bench/results/latest.json, smoke.json)' },
  readme: { type: 'boolean', help: "put the table of medians into README.md's Performance section" },
  only: { type: 'string', arg: '<list>', help: `run only these stages, comma-separated: ${STAGES.join(', ')}` },
  profile: { type: 'string', arg: '<dir>', help: 'run the qinwatt server under node --cpu-prof into <dir>' },
  'stage-seconds': { type: 'string', arg: '<n>', help: 'measured seconds per throughput stage (default 10)' },
  'overload-seconds': { type: 'string', arg: '<n>', help: 'seconds of the overload stage (default 60)' },
} as const;

/** Strict (bench/lib/cli.ts): `--help` prints the options, anything unknown or malformed exits 2. */
export function parseArgs(argv: string[]): BenchOptions {
  return cli(argv, USAGE, ABOUT, OPTIONS, (v) => {
    const smoke = v.smoke ?? false;
    const base = defaults(smoke);
    if (v['no-peer']) base.peer = false;
    if (v.out) base.out = v.out;
    base.readme = v.readme ?? false;
    if (v.readme && smoke) throw new UsageError('--readme takes the figures of a full run, not --smoke');
    if (v.only) {
      const only = v.only.split(',');
      const bad = only.filter((k) => !(STAGES as readonly string[]).includes(k));
      if (bad.length) throw new UsageError(`--only: ${bad.join(', ')} is not one of ${STAGES.join(', ')}`);
      base.only = only;
    }
    if (v.profile) base.profileDir = v.profile;
    base.runs = positive(v.runs, 'runs', base.runs, true);
    base.stageMs = positive(v['stage-seconds'], 'stage-seconds', base.stageMs / 1000) * 1000;
    base.overloadMs = positive(v['overload-seconds'], 'overload-seconds', base.overloadMs / 1000) * 1000;
    return base;
  });
}

function defaults(smoke: boolean): BenchOptions {
  return smoke
    ? {
        smoke,
        runs: 1,
        stageMs: 1500,
        warmupMs: 500,
        connections: 4,
        window: 20,
        qinwattWindow: 100,
        influxBatch: 1000,
        gatewayBatch: 20,
        peerMessages: 1000,
        overloadMs: 2000,
        peer: true,
        readme: false,
        out: 'bench/results/smoke.json',
      }
    : {
        smoke,
        runs: 3,
        stageMs: 10_000,
        warmupMs: 2000,
        connections: 20,
        window: 20,
        qinwattWindow: 500,
        influxBatch: 5000,
        gatewayBatch: 50,
        peerMessages: 50_000,
        overloadMs: 60_000,
        peer: true,
        readme: false,
        out: 'bench/results/latest.json',
      };
}
