import type { HistoryResponse } from '#contracts';
import type { Influx } from './influx.js';
import { startServer, type QinwattServer } from './server.js';
import { apiFetch } from './api.js';

/** How the bench reads back what qinwatt stored. */
export interface StoreView {
  name: 'influxdb1' | 'embedded';
  /** why this store, for the report */
  note: string;
  /** can the reading of `device` stamped `ts` be read back through qinwatt's history API? */
  isStored(device: string, ts: number): Promise<boolean>;
  /** stored readings per group of devices (while the server runs) */
  count(groups: Record<string, string[]>, from: number): Promise<Record<string, number>>;
}

const RAW_RP = 'qw_raw'; // the influxdb1 adapter's raw retention policy (DEFAULT_RETENTION)
const PLANT = 'bench';

/**
 * Starts the server on InfluxDB 1.x (the store plants use at scale, and the one the raw write rate was measured
 * on); falls back to the embedded store when this build cannot use InfluxDB, and says so.
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
    return { server, view: influxView(server, influx, db) };
  } catch (e) {
    const msg = (e as Error).message;
    if (!/not available in this build|influx/i.test(msg)) throw e;
    const server = await startServer({ ...env, QW_STORE: 'embedded' }, extraNodeArgs);
    return { server, view: apiView(server, `influxdb1 store unavailable: ${msg.split('\n')[0]}`) };
  }
}

/** raw readings of one device in [from, to) through GET /api/history */
async function history(server: QinwattServer, device: string, from: number, to: number): Promise<number> {
  const url = `${server.httpUrl}/api/history/plants/${PLANT}/devices/${device}?from=${from}&to=${to}&resolution=raw`;
  const res = await apiFetch(url);
  if (!res.ok) throw new Error(`history ${device}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as HistoryResponse).rows.length;
}

const isStoredVia = (server: QinwattServer) => async (device: string, ts: number) =>
  (await history(server, device, ts, ts + 1)) > 0;

/** Counts through the history API, one device at a time (any store). */
function apiView(server: QinwattServer, note: string): StoreView {
  return {
    name: 'embedded',
    note,
    isStored: isStoredVia(server),
    async count(groups, from) {
      const out: Record<string, number> = {};
      const to = Date.now() + 10 * 60_000; // readings are stamped up to a few minutes ahead under load
      for (const [g, devices] of Object.entries(groups)) {
        out[g] = 0;
        for (const d of devices) out[g] += await history(server, d, from, to);
      }
      return out;
    },
  };
}

/** Counts in InfluxDB itself (one query per group; the API would need one request per device). */
function influxView(server: QinwattServer, influx: Influx, db: string): StoreView {
  return {
    name: 'influxdb1',
    note: `InfluxDB ${influx.url}, database ${db}`,
    isStored: isStoredVia(server),
    async count(groups) {
      const out: Record<string, number> = {};
      for (const g of Object.keys(groups)) {
        const s = await influx.query<[number, number]>(
          `SELECT count("active_power") FROM "${RAW_RP}"."telemetry" WHERE "device" =~ /^${g}[0-9]/`,
          db,
        );
        out[g] = s[0]?.values[0]?.[1] ?? 0;
      }
      return out;
    },
  };
}
