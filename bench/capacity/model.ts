/**
 * The capacity model: from measured per-process and per-node figures to the processes, broker nodes and store
 * nodes a deployment needs, and the ceilings where adding processes stops helping. Pure arithmetic; the inputs come
 * from measurements (measure.ts) and the last full benchmark run.
 */

export interface Inputs {
  /** one ingest process, one reading per message, readings/s it stored at its maximum */
  ingestDirect: number;
  /** one ingest process, gateway messages of `gatewayBatch` readings, readings/s stored */
  ingestGateway: number;
  gatewayBatch: number;
  /** one broker node, QoS 1 messages/s passed through (publisher → broker → subscriber) */
  brokerQos1: number;
  /** one InfluxDB 1.x node, points/s written in batches (one point per reading: its metrics are fields) */
  influxWrite: number;
  /** one Redis shard: stream entries/s appended (XADD) and read back (XREAD, 100 entries a call) */
  redisXadd: number;
  redisXread: number;
  /** one detection process on one core: readings/s decoded from stream entries and judged */
  detection: number;
  /** one readings-log entry of one reading, bytes */
  entryBytes: number;
  /** detector state per device, bytes, as a checkpoint holds it */
  stateBytes: number;
  /** one PostgreSQL: checkpoint bytes/s committed (one upsert per transaction, durable commits) */
  postgresWrite: number;
  /** plant partitions (QW_PARTITIONS) */
  partitions: number;
  /** the share of each measured maximum a plan uses, leaving room for bursts and redelivery after a failover */
  utilisation: number;
  /** seconds between a partition's checkpoints */
  checkpointS: number;
}

export interface Scenario {
  devices: number;
  intervalS: number;
}

export interface Plan {
  scenario: Scenario;
  readingsPerS: number;
  /** messages/s when each device publishes its own readings, and through gateways */
  directMsgPerS: number;
  gatewayMsgPerS: number;
  ingestDirect: number;
  ingestGateway: number;
  brokerDirect: number;
  brokerGateway: number;
  /** Redis shards for the readings log, one entry per message per partition (direct messages) */
  redisShards: number;
  detection: number;
  /** InfluxDB 1.x nodes the write rate needs; OSS runs one, so above 1 this does not fit without sharding */
  influxNodes: number;
  /** checkpoint bytes/s into PostgreSQL, and PostgreSQL's measured rate used for it */
  checkpointBytesPerS: number;
  postgresShare: number;
  /** whole-state checkpoints: the shortest interval PostgreSQL keeps up with, and the stream Redis then holds */
  minCheckpointS: number;
  streamBacklogBytes: number;
}

const up = (x: number): number => Math.max(1, Math.ceil(x - 1e-9));

/** One Redis shard carries each entry twice: appended by ingest, read by the partition's owner. */
export const redisShardRate = (i: Inputs): number => (i.redisXadd * i.redisXread) / (i.redisXadd + i.redisXread);

export function plan(i: Inputs, scenario: Scenario): Plan {
  const u = i.utilisation;
  const readingsPerS = scenario.devices / scenario.intervalS;
  const directMsgPerS = readingsPerS;
  const gatewayMsgPerS = readingsPerS / i.gatewayBatch;
  const checkpointBytesPerS = (scenario.devices * i.stateBytes) / i.checkpointS;
  const minCheckpointS = (scenario.devices * i.stateBytes) / (u * i.postgresWrite);
  return {
    scenario,
    readingsPerS,
    directMsgPerS,
    gatewayMsgPerS,
    ingestDirect: up(readingsPerS / (u * i.ingestDirect)),
    ingestGateway: up(readingsPerS / (u * i.ingestGateway)),
    brokerDirect: up(directMsgPerS / (u * i.brokerQos1)),
    brokerGateway: up(gatewayMsgPerS / (u * i.brokerQos1)),
    redisShards: up(directMsgPerS / (u * redisShardRate(i))),
    detection: up(readingsPerS / (u * i.detection)),
    influxNodes: up(readingsPerS / (u * i.influxWrite)),
    checkpointBytesPerS,
    postgresShare: checkpointBytesPerS / i.postgresWrite,
    minCheckpointS,
    streamBacklogBytes: Math.max(minCheckpointS, i.checkpointS) * directMsgPerS * i.entryBytes,
  };
}

export interface Ceiling {
  what: string;
  /** readings/s (or devices, for the checkpoint ceiling) at the planned utilisation */
  value: number;
  unit: 'readings/s' | 'devices';
  arithmetic: string;
}

const n = (v: number): string => Math.round(v).toLocaleString('en-US');

/** Where adding qinwatt processes stops helping: the fixed ceilings of the parts they share. */
export function ceilings(i: Inputs): Ceiling[] {
  const u = i.utilisation;
  const shard = redisShardRate(i);
  return [
    {
      what: 'one InfluxDB 1.x OSS node (OSS does not cluster)',
      value: u * i.influxWrite,
      unit: 'readings/s',
      arithmetic: `${u} × ${n(i.influxWrite)} points/s`,
    },
    {
      what: 'one Mosquitto node, one reading per message (a broker cluster spreads this)',
      value: u * i.brokerQos1,
      unit: 'readings/s',
      arithmetic: `${u} × ${n(i.brokerQos1)} msg/s`,
    },
    {
      what: `the readings log: ${i.partitions} partition streams, each on one Redis shard (one reading per message)`,
      value: i.partitions * u * shard,
      unit: 'readings/s',
      arithmetic: `${i.partitions} × ${u} × 1 / (1/${n(i.redisXadd)} + 1/${n(i.redisXread)}) entries/s`,
    },
    {
      what: `detection: a partition has one owner, so at most ${i.partitions} processes`,
      value: i.partitions * u * i.detection,
      unit: 'readings/s',
      arithmetic: `${i.partitions} × ${u} × ${n(i.detection)} readings/s`,
    },
    {
      what: `PostgreSQL checkpoints every ${i.checkpointS} s, whole detector state per device`,
      value: (u * i.postgresWrite * i.checkpointS) / i.stateBytes,
      unit: 'devices',
      arithmetic: `${u} × ${n(i.postgresWrite)} B/s × ${i.checkpointS} s / ${n(i.stateBytes)} B`,
    },
  ];
}

export const SCENARIOS: Scenario[] = [
  { devices: 100_000, intervalS: 10 },
  { devices: 100_000, intervalS: 1 },
  { devices: 1_000_000, intervalS: 10 },
  { devices: 1_000_000, intervalS: 1 },
];
