import type { EquipmentClass, Reading } from '#contracts';

/** Measurement that holds validated readings; everything else written through the port is a derived series. */
export const TELEMETRY = 'telemetry';

/** Resolutions a range can be read at: raw points, or 1-minute / 1-hour rollups (mean, min, max, count). */
export const RESOLUTIONS = ['raw', '1m', '1h'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export type Rollup = Exclude<Resolution, 'raw'>;
export const ROLLUP_MS: Record<Rollup, number> = { '1m': 60_000, '1h': 3_600_000 };

/**
 * A point of any series: a reading's metrics, or a derived series such as KPIs (measurement `kpi`).
 * Same identity as a reading (plant, device, class, ts); values are plain numbers in canonical units.
 */
export interface SeriesPoint {
  plantId: string;
  deviceId: string;
  class: EquipmentClass;
  /** epoch milliseconds, UTC */
  ts: number;
  values: Record<string, number>;
}

export interface RangeQuery {
  plantId: string;
  deviceId: string;
  /** epoch ms, inclusive */
  from: number;
  /** epoch ms, exclusive */
  to: number;
}

export interface SeriesQuery extends RangeQuery {
  /** default `telemetry` */
  measurement?: string;
  /** only these fields (metric or KPI names); default all */
  fields?: readonly string[];
}

export interface Aggregate {
  mean: number;
  min: number;
  max: number;
  count: number;
}

/** One rollup window: `ts` is the window's start; a field appears only when the window holds values of it. */
export interface Bucket {
  ts: number;
  values: Record<string, Aggregate>;
}

/**
 * The store refused the points themselves (older than its retention, a field type conflict, a request too large):
 * sending the same points again fails the same way, unlike an outage. InfluxDB 1.x still writes the other points
 * of such a request ("partial write"); other stores may write none of them. The spool writer then splits the batch
 * down to the refused readings and keeps those as dead letters, so they cannot hold up the readings behind them.
 */
export class StoreRejection extends Error {
  override readonly name = 'StoreRejection';
}

/**
 * Port: where validated readings and derived series are kept. One adapter per folder beside this file; the shared
 * contract suite (test/store) runs against each. `write` and `writePoints` resolve only once the batch is durable;
 * writing the same (series, ts) twice keeps one point, the later values winning.
 */
export abstract class TelemetryStore {
  abstract init(): Promise<void>;
  abstract write(readings: readonly Reading[]): Promise<void>;
  /** writes a derived series (e.g. `kpi`); the name matches MEASUREMENT_NAME and is not `telemetry` */
  abstract writePoints(measurement: string, points: readonly SeriesPoint[]): Promise<void>;
  /** the newest reading of every device that has one, optionally of one plant */
  abstract latest(plantId?: string): Promise<Reading[]>;
  /** a device's raw readings in [from, to), oldest first */
  abstract range(q: RangeQuery): Promise<Reading[]>;
  /** raw points of any measurement in [from, to), oldest first */
  abstract points(q: SeriesQuery): Promise<SeriesPoint[]>;
  /** windows of `resolution` overlapping [from, to) (from rounded down, to up, to whole windows), oldest first */
  abstract aggregate(q: SeriesQuery, resolution: Rollup): Promise<Bucket[]>;
  abstract close(): Promise<void>;
}
