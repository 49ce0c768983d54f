import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cli, positive } from '../lib/cli.js';
import { freePort, loadAverage } from '../lib/procs.js';
import { lastRun, measureDetection, measurePostgres, measureRedis } from './measure.js';
import { ceilings, plan, SCENARIOS, type Inputs } from './model.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOC = `${ROOT}docs/capacity.md`;
const MARK = ['<!-- capacity:table -->', '<!-- /capacity:table -->'];

const opts = cli(
  process.argv.slice(2),
  'npm run bench:capacity -- [options]',
  'Measures what one qinwatt process and one Redis shard and PostgreSQL do on this machine (seconds each, on\n' +
    'loopback), takes the broker, InfluxDB and ingest figures of the last full `npm run bench`\n' +
    '(bench/results/latest.json), and prints the processes and nodes 100,000 and 1,000,000 devices need.',
  {
    utilisation: { type: 'string', arg: '<0..1>', help: 'share of each measured maximum a plan uses (default 0.5)' },
    'checkpoint-s': { type: 'string', arg: '<s>', help: "seconds between a partition's checkpoints (default 10)" },
    partitions: { type: 'string', arg: '<n>', help: 'plant partitions, QW_PARTITIONS (default 32)' },
    seconds: { type: 'string', arg: '<s>', help: 'length of the PostgreSQL measurement (default 8)' },
    doc: { type: 'boolean', help: 'also write the tables into docs/capacity.md' },
  },
  (v) => ({
    utilisation: Math.min(1, positive(v.utilisation, 'utilisation', 0.5)),
    checkpointS: positive(v['checkpoint-s'], 'checkpoint-s', 10),
    partitions: positive(v.partitions, 'partitions', 32, true),
    seconds: positive(v.seconds, 'seconds', 8),
    doc: v.doc === true,
  }),
);

const n = (v: number): string => Math.round(v).toLocaleString('en-US');
/** one Markdown table row; every table here is checked for a constant number of cells before it is printed */
const row = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;
const cellsOf = (line: string): number => line.split(' | ').length;

async function main(): Promise<void> {
  const load = loadAverage();
  const last = lastRun(`${ROOT}bench/results/latest.json`);
  const det = measureDetection();
  const redis = await measureRedis(await freePort(), det.entry);
  const CHECKPOINT_DEVICES = 1000;
  const pgw = await measurePostgres(await freePort(), det.states, CHECKPOINT_DEVICES, opts.seconds);
  const QW = 'qinwatt (influxdb1 store)';
  const i: Inputs = {
    ingestDirect: last.figure(QW, 'maximum sustained (better of the two)'),
    ingestGateway: last.figure(QW, 'gateway-batched'),
    gatewayBatch: 50,
    brokerQos1: last.figure('raw Mosquitto QoS1', 'delivered'),
    influxWrite: last.figure('raw InfluxDB write', 'points written'),
    redisXadd: redis.xadd,
    redisXread: redis.xread,
    detection: det.readingsPerS,
    entryBytes: Buffer.byteLength(det.entry),
    stateBytes: det.stateBytes,
    postgresWrite: pgw.bytesPerS,
    partitions: opts.partitions,
    utilisation: opts.utilisation,
    checkpointS: opts.checkpointS,
  };
  const full = `last full \`npm run bench\`, ${last.when.slice(0, 16).replace('T', ' ')} UTC`;
  const out: string[] = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:capacity\`: ${cpus()[0]?.model.trim()}, ${cpus().length} cores, Node ${process.version}; load average ${load} at the start (the machine is shared: every figure here is noisy). Plans use ${i.utilisation * 100} % of each measured maximum; checkpoints every ${i.checkpointS} s; ${i.partitions} partitions.`,
    '',
    row(['input', 'value', 'unit', 'source']),
    row(['---', '---:', '---', '---']),
    row(['ingest process, 1 reading/message', n(i.ingestDirect), 'readings/s', full]),
    row([`ingest process, gateways (${i.gatewayBatch} readings/message)`, n(i.ingestGateway), 'readings/s', full]),
    row(['Mosquitto node, QoS 1 passthrough', n(i.brokerQos1), 'msg/s', full]),
    row(['InfluxDB 1.x node, batched write', n(i.influxWrite), 'points/s', full]),
    row([
      'Redis shard, XADD of one readings-log entry',
      n(i.redisXadd),
      'entries/s',
      `this run (entry ${i.entryBytes} B)`,
    ]),
    row(['Redis shard, XREAD 100 entries a call', n(i.redisXread), 'entries/s', 'this run']),
    row([
      'detection process, decode entry + judge, one core',
      n(i.detection),
      'readings/s',
      `this run (${n(det.readings)} readings, best of 3)`,
    ]),
    row(['detector state per device', n(i.stateBytes), 'bytes', 'this run (JSON, after 6 h of readings)']),
    row([
      'PostgreSQL, durable checkpoint upserts',
      (i.postgresWrite / 1e6).toFixed(1),
      'MB/s',
      `this run (${pgw.commits} commits of ${(pgw.checkpointBytes / 1e6).toFixed(2)} MB, ${CHECKPOINT_DEVICES} devices each)`,
    ]),
    '',
    row([
      'devices',
      'every',
      'readings/s',
      'ingest processes (direct / gateways)',
      "broker nodes at one Mosquitto's rate (direct / gateways)",
      'Redis shards',
      'detection processes',
      'InfluxDB 1.x nodes',
      'checkpoints into PostgreSQL',
      'shortest whole-state checkpoint interval; stream Redis then holds',
    ]),
    row(Array<string>(10).fill('---:')),
    ...SCENARIOS.map((s) => {
      const p = plan(i, s);
      return row([
        n(s.devices),
        `${s.intervalS} s`,
        n(p.readingsPerS),
        `${p.ingestDirect} / ${p.ingestGateway}`,
        `${p.brokerDirect} / ${p.brokerGateway}`,
        p.redisShards,
        p.detection,
        p.influxNodes > 1 ? `**${p.influxNodes}** (OSS: 1)` : String(p.influxNodes),
        `${(p.checkpointBytesPerS / 1e6).toFixed(1)} MB/s (${(p.postgresShare * 100).toFixed(0)} % of measured)`,
        `${n(p.minCheckpointS)} s; ${(p.streamBacklogBytes / 1e9).toFixed(1)} GB`,
      ]);
    }),
    '',
    row(['ceiling', 'at the planned utilisation', 'arithmetic']),
    row(['---', '---:', '---']),
    ...ceilings(i).map((c) => row([c.what, `${n(c.value)} ${c.unit}`, c.arithmetic])),
  ];
  for (let k = 1; k < out.length; k++)
    if (out[k].startsWith('|') && out[k - 1].startsWith('|') && cellsOf(out[k]) !== cellsOf(out[k - 1]))
      throw new Error(`table row with ${cellsOf(out[k])} cells after one with ${cellsOf(out[k - 1])}: ${out[k]}`);
  const text = out.join('\n');
  console.log(text);
  if (opts.doc) {
    const doc = readFileSync(DOC, 'utf8');
    const [a, b] = [doc.indexOf(MARK[0]), doc.indexOf(MARK[1])];
    if (a < 0 || b < a) throw new Error(`${DOC}: no ${MARK[0]} … ${MARK[1]} block`);
    writeFileSync(DOC, `${doc.slice(0, a + MARK[0].length)}\n${text}\n${doc.slice(b)}`);
    console.log(`\nwritten into docs/capacity.md`);
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
