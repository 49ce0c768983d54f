import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { FleetSpec, Reading } from '#contracts';
import { createContext, initialState, paramsWith, step, type DeviceState } from '#detection';
import { readings } from '../detection/scenarios.js';
import { spawnService, waitFor } from '../lib/procs.js';

/** The quick measurements behind the capacity model; each takes seconds, on loopback, with processes it starts. */

const HOUR = 3_600_000;

/** A figure of the last full `npm run bench` (bench/results/latest.json), by stage and figure. */
export function lastRun(file: string): { when: string; figure: (stage: string, figure: string) => number } {
  const run = JSON.parse(readFileSync(file, 'utf8')) as {
    when: string;
    rows: Array<{ stage: string; figure: string; value: number }>;
  };
  return {
    when: run.when,
    figure: (stage, figure) => {
      const row = run.rows.find((r) => r.stage === stage && r.figure === figure);
      if (!row) throw new Error(`${file}: no figure "${figure}" of stage "${stage}"`);
      return row.value;
    },
  };
}

/** The demo fleet's devices, 6 h of readings at 1 s each, interleaved in time order as a partition's stream. */
function demoStream(): { stream: Array<{ d: number; entry: string }>; ctxs: ReturnType<typeof createContext>[] } {
  const fleet = JSON.parse(
    readFileSync(new URL('../../../device-sim/fleets/demo.json', import.meta.url), 'utf8'),
  ) as FleetSpec;
  const params = paramsWith(2 * HOUR, 2 * HOUR);
  const per = fleet.devices.map((device) => [
    ...readings({
      device,
      fault: { type: 'step', drop: 0.05 },
      start: Date.UTC(2026, 0, 5),
      learnMs: 0,
      testMs: 6 * HOUR,
      onsetMs: 5 * HOUR,
      intervalMs: 1000,
      seed: 7,
    }),
  ]);
  const stream: Array<{ d: number; entry: string }> = [];
  for (let i = 0; i < per[0].length; i++) per.forEach((rs, d) => stream.push({ d, entry: JSON.stringify([rs[i]]) }));
  return { stream, ctxs: fleet.devices.map((device) => createContext(device, params)) };
}

export interface DetectionFigures {
  readingsPerS: number;
  readings: number;
  /** JSON bytes of one device's detector state after 6 h of readings (mean over the fleet) */
  stateBytes: number;
  states: DeviceState[];
  /** one stream entry of one reading, as ingest appends it */
  entry: string;
}

/**
 * Readings/s through one detection process's own work on one core: each stream entry's JSON decoded (field `r`
 * of the readings log) and the reading judged by the detection core. Best of 3. Redis client and checkpoint
 * costs are not in it.
 */
export function measureDetection(): DetectionFigures {
  const { stream, ctxs } = demoStream();
  let states: DeviceState[] = [];
  const once = (): number => {
    states = ctxs.map((c) => initialState(c));
    const t = performance.now();
    for (const { d, entry } of stream) for (const r of JSON.parse(entry) as Reading[]) step(ctxs[d], r, states[d]);
    return stream.length / ((performance.now() - t) / 1000);
  };
  once(); // warm-up
  const readingsPerS = Math.max(once(), once(), once());
  const stateBytes = states.reduce((s, x) => s + Buffer.byteLength(JSON.stringify(x)), 0) / states.length;
  return { readingsPerS, readings: stream.length, stateBytes, states, entry: stream[0].entry };
}

/** `redis-benchmark` for one command line, as requests/s (its --csv output). */
function redisBenchmark(port: number, requests: number, args: string[]): number {
  const r = spawnSync(
    'redis-benchmark',
    ['-p', String(port), '-q', '--csv', '-n', String(requests), '-c', '20', '-P', '16', ...args],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const rps = Number(/","([\d.]+)",/.exec(line)?.[1]);
  if (r.status !== 0 || !Number.isFinite(rps)) throw new Error(`redis-benchmark ${args[0]}: ${r.stderr || line}`);
  return rps;
}

/**
 * One Redis 7 on loopback, persistence off: XADD of one readings-log entry (pipelined 16 deep, 20 clients) and
 * XREAD of 100 entries a call from the same stream, as entries/s.
 */
export async function measureRedis(port: number, entry: string): Promise<{ xadd: number; xread: number }> {
  const redis = spawnService('redis', 'redis-server', [
    ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  ]);
  try {
    await waitFor(
      'redis',
      () => (spawnSync('redis-cli', ['-p', String(port), 'ping']).status === 0 ? true : undefined),
      10_000,
    );
    const xadd = redisBenchmark(port, 200_000, ['XADD', 'qw:readings:{0}', '*', 'r', entry]);
    const xread = 100 * redisBenchmark(port, 20_000, ['XREAD', 'COUNT', '100', 'STREAMS', 'qw:readings:{0}', '0']);
    return { xadd, xread };
  } finally {
    await redis.stop();
  }
}

/**
 * A durable PostgreSQL 15 (fsync and synchronous commit on): one checkpoint row per partition upserted in its own
 * transaction, each holding `devices` detector states stored uncompressed (STORAGE EXTERNAL: the states repeat
 * here, and compression would flatter them), for `seconds`. Returns bytes/s of checkpoint state committed.
 */
export async function measurePostgres(
  port: number,
  states: DeviceState[],
  devices: number,
  seconds: number,
): Promise<{ bytesPerS: number; checkpointBytes: number; commits: number }> {
  const env = { ...process.env, QW_TEST_POSTGRES_PORT: String(port), QW_TEST_POSTGRES_DURABLE: '1' };
  const started = spawnSync('bash', ['deploy/postgres-test.sh', 'start'], { env, encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`postgres: ${started.stderr}`);
  const client = new pg.Client({ connectionString: started.stdout.trim().split('=')[1] });
  try {
    await client.connect();
    await client.query('CREATE TABLE checkpoint (p int PRIMARY KEY, state jsonb NOT NULL, stream_id text NOT NULL)');
    await client.query('ALTER TABLE checkpoint ALTER COLUMN state SET STORAGE EXTERNAL');
    const body = JSON.stringify(
      Object.fromEntries(Array.from({ length: devices }, (_, k) => [`d${k}`, states[k % states.length]])),
    );
    const end = performance.now() + seconds * 1000;
    const t = performance.now();
    let commits = 0;
    while (performance.now() < end) {
      await client.query(
        'INSERT INTO checkpoint VALUES ($1, $2, $3) ON CONFLICT (p) DO UPDATE SET state = $2, stream_id = $3',
        [commits % 32, body, `${Date.now()}-0`],
      );
      commits++;
    }
    const checkpointBytes = Buffer.byteLength(body);
    return { bytesPerS: (commits * checkpointBytes) / ((performance.now() - t) / 1000), checkpointBytes, commits };
  } finally {
    await client.end().catch(() => undefined);
    spawnSync('bash', ['deploy/postgres-test.sh', 'stop'], { env });
  }
}
