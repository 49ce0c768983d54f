import { TELEMETRY, type Rollup } from '../telemetry-store.js';

/** Flux text for the 2.x adapter, built by pure functions (unit-tested without a server). */

export const fluxString = (s: string): string => `"${s.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
export const fluxTime = (ms: number): string => new Date(ms).toISOString();

/** fields of telemetry that are not metrics: kept on raw points, left out of windows */
export const META_FIELDS = ['seq', 'sim', 'ts_server'];

export interface FluxRange {
  bucket: string;
  measurement: string;
  plantId: string;
  deviceId: string;
  from: number;
  to: number;
  fields?: readonly string[];
}

function source(q: FluxRange, numericOnly: boolean): string {
  const parts = [
    `from(bucket: ${fluxString(q.bucket)})`,
    `  |> range(start: ${fluxTime(q.from)}, stop: ${fluxTime(q.to)})`,
    `  |> filter(fn: (r) => r._measurement == ${fluxString(q.measurement)} and r.plant == ${fluxString(q.plantId)} and r.device == ${fluxString(q.deviceId)})`,
  ];
  if (q.fields?.length)
    parts.push(`  |> filter(fn: (r) => ${q.fields.map((f) => `r._field == ${fluxString(f)}`).join(' or ')})`);
  else if (numericOnly && q.measurement === TELEMETRY)
    parts.push(`  |> filter(fn: (r) => ${META_FIELDS.map((f) => `r._field != ${fluxString(f)}`).join(' and ')})`);
  return parts.join('\n');
}

/** raw points, one row per timestamp with a column per field */
export function rawFlux(q: FluxRange): string {
  return (
    `${source(q, false)}\n` +
    `  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")\n` +
    `  |> group()\n  |> sort(columns: ["_time"])`
  );
}

/**
 * Windows computed at query time with aggregateWindow (InfluxDB 2.x downsampling without tasks): rows of
 * (_time = window start, _field, stat, _value). Windows are aligned to the epoch, as the 1.x and embedded ones.
 */
export function aggregateFlux(q: FluxRange, res: Rollup): string {
  const stat = (fn: string) =>
    `${fn}_ = data |> aggregateWindow(every: ${res}, fn: ${fn}, createEmpty: false, timeSrc: "_start")` +
    ` |> toFloat() |> set(key: "stat", value: "${fn}")`;
  return [
    `data = ${source(q, true)}`,
    stat('mean'),
    stat('min'),
    stat('max'),
    stat('count'),
    'union(tables: [mean_, min_, max_, count_])',
    '  |> group()',
    '  |> keep(columns: ["_time", "_field", "_value", "stat"])',
  ].join('\n');
}

/**
 * Newest reading of every device (optionally of one plant): `last()` per field, pivoted by time; the newest row
 * of a device holds exactly the fields of its newest reading (a field it lacked has an older last value).
 */
export function latestFlux(bucket: string, plantId?: string): string {
  const plant = plantId === undefined ? '' : ` and r.plant == ${fluxString(plantId)}`;
  return [
    `from(bucket: ${fluxString(bucket)})`,
    '  |> range(start: 0)',
    `  |> filter(fn: (r) => r._measurement == ${fluxString(TELEMETRY)}${plant})`,
    '  |> last()',
    '  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")',
    '  |> group(columns: ["plant", "device", "class"])',
    '  |> sort(columns: ["_time"], desc: true)',
    '  |> limit(n: 1)',
    '  |> group()',
  ].join('\n');
}
