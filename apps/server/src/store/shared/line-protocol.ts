import type { Reading } from '#contracts';
import type { SeriesPoint } from '../telemetry-store.js';

/**
 * InfluxDB line protocol, shared by the 1.x and 2.x adapters (same layout, docs/storage.md): measurement per
 * series, tags class/device/plant, one field per metric or KPI, `seq`/`sim`/`ts_server` on readings.
 */
// https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/#special-characters
const escMeasurement = (s: string) => s.replace(/[\\, ]/g, (c) => `\\${c}`);
const escKey = (s: string) => s.replace(/[\\,= ]/g, (c) => `\\${c}`);
const escStringField = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

export interface LinePoint {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number | string | boolean>;
  /** epoch ms (the write uses precision=ms) */
  ts: number;
}

/** One line; tags sorted by key as InfluxDB stores them; empty tag values are left out (the protocol forbids them). */
export function toLine(p: LinePoint): string {
  let line = escMeasurement(p.measurement);
  for (const k of Object.keys(p.tags).sort()) if (p.tags[k] !== '') line += `,${escKey(k)}=${escKey(p.tags[k])}`;
  const fields = Object.entries(p.fields).map(([k, v]) => {
    const val = typeof v === 'string' ? escStringField(v) : typeof v === 'boolean' ? String(v) : formatFloat(v);
    return `${escKey(k)}=${val}`;
  });
  if (fields.length === 0) throw new Error(`point ${p.measurement}@${p.ts} has no fields`);
  return `${line} ${fields.join(',')} ${Math.trunc(p.ts)}`;
}

/** every number is written as a float, so a field never changes type between writes (InfluxDB refuses that) */
function formatFloat(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  return String(v);
}

const KEY_SPECIAL = /[\\,= ]/;
/** the hot path: ids and metric names almost never need escaping, so test before replacing */
const escFast = (s: string) => (KEY_SPECIAL.test(s) ? escKey(s) : s);

/**
 * A reading (measurement `telemetry`) or a derived point as one line, written directly (the write path's cost is
 * mostly here). Tags in sorted order; `sim` is a field, not a tag (a tag per simulator run adds series).
 */
export function pointLine(measurement: string, p: SeriesPoint | Reading, r?: Reading): string {
  // built as parts and joined once: a chain of += leaves a rope of small strings per line, and with thousands of
  // lines queued the garbage collector measured 3 of every 4 ms of the write path
  const fields: string[] = [];
  const values = ('values' in p ? p.values : p.metrics) as Record<string, number>;
  for (const k in values) if (values[k] !== undefined) fields.push(`${escFast(k)}=${formatFloat(values[k])}`);
  if (r?.seq !== undefined) fields.push(`seq=${formatFloat(r.seq)}`);
  if (r?.sim !== undefined) fields.push(`sim=${escStringField(r.sim)}`);
  if (r?.tsFromServer) fields.push('ts_server=true');
  if (fields.length === 0) throw new Error(`point ${measurement}@${p.ts} has no fields`);
  return [
    escMeasurement(measurement),
    ',class=',
    escFast(p.class),
    ',device=',
    escFast(p.deviceId),
    ',plant=',
    escFast(p.plantId),
    ' ',
    fields.join(','),
    ' ',
    Math.trunc(p.ts),
  ].join('');
}
