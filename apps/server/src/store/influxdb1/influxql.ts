import { createHash } from 'node:crypto';
import { METRICS } from '#contracts';
import { TELEMETRY, type Rollup } from '../telemetry-store.js';

/**
 * InfluxQL text for the 1.x adapter, built by pure functions (unit-tested without a server).
 * Layout (docs/storage.md): one retention policy per resolution; the same measurement name in each; rollup fields
 * are `mean_<f>`, `min_<f>`, `max_<f>`, `count_<f>`, as InfluxQL names them for `mean(...)` etc.
 */
export interface RetentionPlan {
  /** retention policy name → duration in InfluxQL syntax ('30d', 'INF') */
  raw: { name: string; duration: string };
  '1m': { name: string; duration: string };
  '1h': { name: string; duration: string };
}

export const DEFAULT_RETENTION: RetentionPlan = {
  raw: { name: 'qw_raw', duration: '30d' },
  '1m': { name: 'qw_1m', duration: '365d' },
  '1h': { name: 'qw_1h', duration: 'INF' },
};

/**
 * How far back a continuous query recomputes its windows each time it runs (RESAMPLE ... FOR). Readings that
 * arrive later than this are folded in by an explicit backfill (see Influxdb1Store); windows younger than this
 * are computed from raw data at query time, so a rollup still being filled is never read.
 */
export const RESAMPLE_FOR: Record<Rollup, number> = { '1m': 10 * 60_000, '1h': 2 * 3_600_000 };

export const quoteIdent = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
export const quoteString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The fields a rollup aggregates. Telemetry carries non-metric fields (`seq`, `sim`) whose mean means nothing,
 * so its rollups name the metric catalogue; a derived series holds only numeric values and takes them all.
 */
export function rollupFieldSelector(measurement: string): string {
  if (measurement !== TELEMETRY) return '*';
  return `/^(${Object.keys(METRICS).sort().join('|')})$/`;
}

const aggregates = (sel: string) => `mean(${sel}), min(${sel}), max(${sel}), count(${sel})`;

/** Continuous-query name carries a hash of its text: when the metric catalogue changes, a new one replaces it. */
export function continuousQuery(db: string, rp: RetentionPlan, measurement: string, res: Rollup) {
  const sel = rollupFieldSelector(measurement);
  const select =
    `SELECT ${aggregates(sel)} INTO ${quoteIdent(db)}.${quoteIdent(rp[res].name)}.${quoteIdent(measurement)} ` +
    `FROM ${quoteIdent(db)}.${quoteIdent(rp.raw.name)}.${quoteIdent(measurement)}`;
  const every = res;
  const forDur = `${RESAMPLE_FOR[res] / 60_000}m`;
  const body = `${select} GROUP BY time(${res}), *`;
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 8);
  const prefix = `qw_${measurement}_${res}_`;
  const name = `${prefix}${hash}`;
  return {
    name,
    prefix,
    create:
      `CREATE CONTINUOUS QUERY ${quoteIdent(name)} ON ${quoteIdent(db)} ` +
      `RESAMPLE EVERY ${every} FOR ${forDur} BEGIN ${body} END`,
    /** the same aggregation over an explicit span, for readings that arrived after the CQ had passed them */
    backfill: (from: number, to: number) =>
      `${select} WHERE time >= ${from}ms AND time < ${to}ms GROUP BY time(${res}), *`,
  };
}

export function createRetentionPolicy(db: string, p: { name: string; duration: string }, isDefault: boolean): string {
  return (
    `CREATE RETENTION POLICY ${quoteIdent(p.name)} ON ${quoteIdent(db)} DURATION ${p.duration} REPLICATION 1` +
    (isDefault ? ' DEFAULT' : '')
  );
}

export function alterRetentionPolicy(db: string, p: { name: string; duration: string }): string {
  return `ALTER RETENTION POLICY ${quoteIdent(p.name)} ON ${quoteIdent(db)} DURATION ${p.duration}`;
}

const deviceWhere = (plantId: string, deviceId: string, from: number, to: number) =>
  `WHERE "plant" = ${quoteString(plantId)} AND "device" = ${quoteString(deviceId)} ` +
  `AND time >= ${from}ms AND time < ${to}ms`;

/** raw points of one device; tag columns come back as plant, device, class */
export function rawQuery(
  rpName: string,
  measurement: string,
  plantId: string,
  deviceId: string,
  from: number,
  to: number,
) {
  return `SELECT * FROM ${quoteIdent(rpName)}.${quoteIdent(measurement)} ${deviceWhere(plantId, deviceId, from, to)} ORDER BY time ASC`;
}

/** windows computed from raw data at query time (for the span the continuous queries may still rewrite) */
export function liveAggregateQuery(
  rpName: string,
  measurement: string,
  res: Rollup,
  plantId: string,
  deviceId: string,
  from: number,
  to: number,
): string {
  return (
    `SELECT ${aggregates(rollupFieldSelector(measurement))} FROM ${quoteIdent(rpName)}.${quoteIdent(measurement)} ` +
    `${deviceWhere(plantId, deviceId, from, to)} GROUP BY time(${res}) fill(none)`
  );
}

/** newest raw point of every series (plant, device, class), optionally of one plant */
export function latestQuery(rpName: string, measurement: string, plantId?: string): string {
  const where = plantId === undefined ? '' : ` WHERE "plant" = ${quoteString(plantId)}`;
  return `SELECT * FROM ${quoteIdent(rpName)}.${quoteIdent(measurement)}${where} GROUP BY * ORDER BY time DESC LIMIT 1`;
}
