import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Influx } from './influx.js';
import { startServer, type QinwattServer } from './server.js';

/** How the bench reads back what qinwatt stored, per store adapter. */
export interface StoreView {
  name: 'influxdb1' | 'embedded';
  /** why this store was chosen, for the report */
  note: string;
  /** can the reading of `device` stamped `ts` be read back? undefined = queryable at PUBACK */
  isStored?(device: string, ts: number): Promise<boolean>;
  /** stored readings per device-id prefix (letters before the first digit), read after the server stopped */
  countByPrefix(prefixes: string[]): Promise<Record<string, number>>;
}

const RAW_RP = 'qw_raw'; // the influxdb1 adapter's raw retention policy (DEFAULT_RETENTION)

/**
 * Starts the server on InfluxDB 1.x (the store plants use at scale, and the one the raw write rate was measured
 * on); falls back to the embedded store when this build has no InfluxDB adapter, and says so.
 */
export async function startQinwattWithStore(
  env: Record<string, string>,
  influx: Influx,
  db: string,
  extraNodeArgs: string[] = [],
): Promise<{ server: QinwattServer; view: StoreView }> {
  try {
    const server = await startServer(
      { ...env, QW_STORE: 'influxdb1', QW_INFLUX_URL: influx.url, QW_INFLUX_DATABASE: db },
      extraNodeArgs,
    );
    return { server, view: influxView(influx, db) };
  } catch (e) {
    const msg = (e as Error).message;
    if (!/not available in this build|influx/i.test(msg)) throw e;
    const server = await startServer({ ...env, QW_STORE: 'embedded' }, extraNodeArgs);
    return { server, view: embeddedView(server.dataDir, `influxdb1 store unavailable: ${msg.split('\n')[0]}`) };
  }
}

function influxView(influx: Influx, db: string): StoreView {
  const from = `"${RAW_RP}"."telemetry"`;
  return {
    name: 'influxdb1',
    note: `InfluxDB ${influx.url}, database ${db}`,
    async isStored(device, ts) {
      const s = await influx.query<[number, number]>(
        `SELECT count("active_power") FROM ${from} WHERE "device" = '${device}' AND time = ${ts}ms`,
        db,
      );
      return (s[0]?.values[0]?.[1] ?? 0) > 0;
    },
    async countByPrefix(prefixes) {
      const out: Record<string, number> = {};
      for (const p of prefixes) {
        const s = await influx.query<[number, number]>(
          `SELECT count("active_power") FROM ${from} WHERE "device" =~ /^${p}[0-9]/`,
          db,
        );
        out[p] = s[0]?.values[0]?.[1] ?? 0;
      }
      return out;
    },
  };
}

function embeddedView(dataDir: string, note: string): StoreView {
  return {
    name: 'embedded',
    note,
    async countByPrefix(prefixes) {
      const out: Record<string, number> = Object.fromEntries(prefixes.map((p) => [p, 0]));
      const path = join(dataDir, 'telemetry.jsonl');
      if (!existsSync(path)) return out;
      for await (const line of createInterface({ input: createReadStream(path) })) {
        if (line.startsWith('{"m":')) continue; // a derived series point, not a reading
        const m = /"deviceId":"([a-z]+)\d/.exec(line);
        if (m && m[1] in out) out[m[1]]++;
      }
      return out;
    },
  };
}
