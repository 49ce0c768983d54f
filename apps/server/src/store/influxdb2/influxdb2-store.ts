import { InfluxDB, setLogger } from '@influxdata/influxdb-client';
import type { EquipmentClass, Reading } from '#contracts';
import { Batcher } from '../shared/batcher.js';
import { checkDerivedMeasurement, checkPoints, ceilTo, floorTo } from '../shared/series.js';
import {
  ROLLUP_MS,
  TELEMETRY,
  StoreRejection,
  TelemetryStore,
  type Aggregate,
  type Bucket,
  type RangeQuery,
  type Rollup,
  type SeriesPoint,
  type SeriesQuery,
} from '../telemetry-store.js';
import { pointLine } from '../shared/line-protocol.js';
import { aggregateFlux, latestFlux, META_FIELDS, rawFlux, type FluxRange } from './flux.js';

export interface Influxdb2Options {
  url: string;
  org: string;
  bucket: string;
  token: string;
  /** lines per HTTP write */
  batchSize?: number;
}

type Row = Record<string, unknown>;

// the client logs every failed write itself; failures reach the caller as rejections, which is where they belong
setLogger({ error: () => undefined, warn: () => undefined });

/**
 * InfluxDB 2.x through `@influxdata/influxdb-client` (not 3.x: it has no Flux and no /api/v2/buckets). The bucket
 * and its retention belong to the server's administrator (a token that may write need not be allowed to create
 * buckets); init checks that the bucket answers. Rollups are computed at query time with aggregateWindow.
 */
export class Influxdb2Store extends TelemetryStore {
  private readonly client: InfluxDB;
  private batcher?: Batcher<string>;

  constructor(private readonly opts: Influxdb2Options) {
    super();
    this.client = new InfluxDB({ url: opts.url, token: opts.token, timeout: 30_000 });
  }

  async init(): Promise<void> {
    // a 1.x server answers 404 on every /api/v2 path (measured with 1.6): say so rather than fail on first write
    const res = await fetch(
      `${this.opts.url.replace(/\/$/, '')}/api/v2/buckets?org=${encodeURIComponent(this.opts.org)}&name=${encodeURIComponent(this.opts.bucket)}`,
      { headers: { Authorization: `Token ${this.opts.token}` } },
    );
    if (res.status === 404)
      throw new Error(
        `${this.opts.url} answers 404 on /api/v2: not an InfluxDB 2.x server (for 1.x use QW_STORE=influxdb1)`,
      );
    if (!res.ok) throw new Error(`InfluxDB ${res.status} listing bucket ${this.opts.bucket}: ${await res.text()}`);
    const body = (await res.json()) as { buckets?: unknown[] };
    if (!body.buckets?.length) throw new Error(`no bucket "${this.opts.bucket}" in org "${this.opts.org}"`);
    this.batcher = new Batcher<string>({
      maxBatch: this.opts.batchSize ?? 5_000,
      maxInFlight: 4,
      send: (lines) => this.sendLines(lines),
    });
  }

  write(readings: readonly Reading[]): Promise<void> {
    return this.send(readings.map((r) => pointLine(TELEMETRY, r, r)));
  }

  async writePoints(measurement: string, points: readonly SeriesPoint[]): Promise<void> {
    checkDerivedMeasurement(measurement);
    checkPoints(points);
    await this.send(points.map((p) => pointLine(measurement, p)));
  }

  async latest(plantId?: string): Promise<Reading[]> {
    return (await this.rows(latestFlux(this.opts.bucket, plantId))).map(toReading);
  }

  async range(q: RangeQuery): Promise<Reading[]> {
    return (await this.rows(rawFlux(this.range_(q, TELEMETRY)))).map(toReading);
  }

  async points(q: SeriesQuery): Promise<SeriesPoint[]> {
    const m = q.measurement ?? TELEMETRY;
    return (await this.rows(rawFlux(this.range_(q, m)))).map((row) => ({
      plantId: String(row.plant),
      deviceId: String(row.device),
      class: row.class as EquipmentClass,
      ts: Date.parse(String(row._time)),
      values: numeric(row, m),
    }));
  }

  async aggregate(q: SeriesQuery, resolution: Rollup): Promise<Bucket[]> {
    const step = ROLLUP_MS[resolution];
    const span = { ...q, from: floorTo(q.from, step), to: ceilTo(q.to, step) };
    const rows = await this.rows(aggregateFlux(this.range_(span, q.measurement ?? TELEMETRY), resolution));
    const byTs = new Map<number, Record<string, Partial<Aggregate>>>();
    for (const r of rows) {
      const ts = Date.parse(String(r._time));
      let b = byTs.get(ts);
      if (!b) byTs.set(ts, (b = {}));
      (b[String(r._field)] ??= {})[r.stat as keyof Aggregate] = Number(r._value);
    }
    return [...byTs.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([ts, values]) => ({ ts, values: values as Record<string, Aggregate> }));
  }

  async close(): Promise<void> {
    await this.batcher?.drain();
  }

  private range_(q: RangeQuery & { fields?: readonly string[] }, measurement: string): FluxRange {
    return { bucket: this.opts.bucket, measurement, ...q };
  }

  private send(lines: string[]): Promise<void> {
    if (!this.batcher) return Promise.reject(new Error('influxdb2 store not initialised'));
    return this.batcher.add(lines);
  }

  /** one WriteApi per request: its close() resolves only when that request was accepted, which is our durability */
  private async sendLines(lines: string[]): Promise<void> {
    const api = this.client.getWriteApi(this.opts.org, this.opts.bucket, 'ms', {
      batchSize: lines.length + 1,
      flushInterval: 0,
      maxRetries: 0,
    });
    api.writeRecords(lines);
    try {
      await api.close();
    } catch (e) {
      // the client's HttpError carries the status: 400 (bad points) and 413 (too large) are the points' fault
      const status = (e as { statusCode?: number }).statusCode;
      if (status === 400 || status === 413) throw new StoreRejection((e as Error).message);
      throw e;
    }
  }

  private rows(flux: string): Promise<Row[]> {
    return this.client.getQueryApi(this.opts.org).collectRows<Row>(flux);
  }
}

const SKIP = new Set(['result', 'table', '_start', '_stop', '_time', '_measurement', 'plant', 'device', 'class']);

function numeric(row: Row, measurement: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(row)) {
    if (SKIP.has(k) || v === null || v === undefined || v === '') continue;
    if (measurement === TELEMETRY && META_FIELDS.includes(k)) continue;
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}

function toReading(row: Row): Reading {
  const r: Reading = {
    plantId: String(row.plant),
    deviceId: String(row.device),
    class: row.class as EquipmentClass,
    ts: Date.parse(String(row._time)),
    metrics: numeric(row, TELEMETRY),
  };
  if (typeof row.seq === 'number') r.seq = row.seq;
  if (typeof row.sim === 'string' && row.sim !== '') r.sim = row.sim;
  if (row.ts_server === true) r.tsFromServer = true;
  return r;
}
