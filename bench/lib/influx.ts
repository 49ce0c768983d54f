import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePortPair } from './procs.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../../deploy/influxd-test.sh', import.meta.url));

/** An InfluxDB 1.x over its HTTP API (line protocol in, InfluxQL out). */
export class Influx {
  constructor(readonly url: string) {}

  async query<T = unknown[]>(q: string, db?: string): Promise<Array<{ columns: string[]; values: T[] }>> {
    const params = new URLSearchParams({ q, epoch: 'ms' });
    if (db) params.set('db', db);
    // a bound on every query: a DROP DATABASE at the end of a full run once never answered
    const res = await fetch(`${this.url}/query`, { method: 'POST', body: params, signal: AbortSignal.timeout(60_000) });
    if (!res.ok) throw new Error(`influx query ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as {
      results: Array<{ error?: string; series?: Array<{ columns: string[]; values: T[] }> }>;
    };
    const r = body.results[0];
    if (r?.error) throw new Error(`influx query: ${r.error}`);
    return r?.series ?? [];
  }

  async createDb(db: string): Promise<void> {
    await this.query(`CREATE DATABASE "${db}"`);
  }

  async dropDb(db: string): Promise<void> {
    await this.query(`DROP DATABASE "${db}"`);
  }

  async write(db: string, lines: string): Promise<void> {
    const res = await fetch(`${this.url}/write?db=${encodeURIComponent(db)}&precision=ms`, {
      method: 'POST',
      body: lines,
    });
    if (res.status !== 204) throw new Error(`influx write ${res.status}: ${await res.text()}`);
  }

  /** number of points of a measurement (counting one field every point has) */
  async count(db: string, measurement: string, field: string, where = ''): Promise<number> {
    const series = await this.query<[number, number]>(
      `SELECT count("${field}") FROM "${measurement}"${where ? ` WHERE ${where}` : ''}`,
      db,
    );
    return series[0]?.values[0]?.[1] ?? 0;
  }
}

export interface InfluxHandle {
  influx: Influx;
  /** how it was obtained, for the report */
  origin: string;
  /** started by the bench: its data goes with it at stop, so nothing needs dropping */
  throwAway: boolean;
  stop(): Promise<void>;
}

/**
 * Uses the InfluxDB named by QW_TEST_INFLUX_URL when set (CI starts one), else starts a throw-away one with
 * deploy/influxd-test.sh on QW_TEST_INFLUX_PORT or a free port, and stops it afterwards.
 */
export async function obtainInflux(): Promise<InfluxHandle> {
  const given = process.env.QW_TEST_INFLUX_URL;
  if (given)
    return {
      influx: new Influx(given),
      origin: `QW_TEST_INFLUX_URL (${given})`,
      throwAway: false,
      stop: async () => {},
    };
  const port = String(process.env.QW_TEST_INFLUX_PORT ?? (await freePortPair()));
  const env = { ...process.env, QW_TEST_INFLUX_PORT: port };
  const { stdout } = await run('bash', [SCRIPT, 'start'], { env });
  const url = /QW_TEST_INFLUX_URL=(\S+)/.exec(stdout)?.[1];
  if (!url) throw new Error(`influxd-test.sh start printed no URL: ${stdout}`);
  return {
    influx: new Influx(url),
    origin: `started by the bench (influxd, port ${port})`,
    throwAway: true,
    stop: async () => void (await run('bash', [SCRIPT, 'stop'], { env })),
  };
}

/** The influxd version, from its /ping header. */
export async function influxVersion(influx: Influx): Promise<string> {
  const res = await fetch(`${influx.url}/ping`);
  return res.headers.get('x-influxdb-version') ?? 'unknown';
}
