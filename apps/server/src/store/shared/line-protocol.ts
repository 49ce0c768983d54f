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

/** A reading or derived point as one line; `sim` is a field, not a tag (a tag per simulator run adds series). */
export function pointLine(measurement: string, p: SeriesPoint, r?: Reading): string {
  const fields: Record<string, number | string | boolean> = { ...p.values };
  if (r?.seq !== undefined) fields.seq = r.seq;
  if (r?.sim !== undefined) fields.sim = r.sim;
  if (r?.tsFromServer) fields.ts_server = true;
  return toLine({ measurement, tags: { class: p.class, device: p.deviceId, plant: p.plantId }, fields, ts: p.ts });
}
