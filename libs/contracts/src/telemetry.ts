import { CLASS_TELEMETRY, type EquipmentClass } from './equipment-classes.js';
import type { DeviceSpec } from './fleet.js';
import type { RejectReason } from './reasons.js';
import type { ParsedTopic } from './topics.js';
import { isMetricName, METRICS, toCanonical, type MetricName } from './units.js';

export const TELEMETRY_VERSION = 1;

/** A metric as a device sends it: explicit value and unit. */
export interface MetricValue {
  value: number;
  unit: string;
}

/** Payload on a device topic, version 1. `ts`: epoch ms or ISO-8601 with zone; omitted = time of receipt. */
export interface DevicePayloadV1 {
  v: 1;
  ts?: number | string;
  /** device-side sequence number, for gap detection */
  seq?: number;
  /** run id of the simulator that produced this reading; absent for real meters */
  sim?: string;
  metrics: Record<string, MetricValue>;
}

/** Payload on a gateway topic, version 1: many devices' readings in one message. */
export interface GatewayPayloadV1 {
  v: 1;
  readings: Array<Omit<DevicePayloadV1, 'v'> & { device: string }>;
}

/** A validated reading, metrics in canonical units (see units.ts). */
export interface Reading {
  plantId: string;
  deviceId: string;
  class: EquipmentClass;
  /** epoch milliseconds, UTC */
  ts: number;
  /** true when the device sent no timestamp and the time of receipt was used */
  tsFromServer?: boolean;
  seq?: number;
  sim?: string;
  metrics: Partial<Record<MetricName, number>>;
}

export interface Rejection {
  reason: RejectReason;
  detail: string;
  deviceId?: string;
  /** position inside a gateway batch */
  index?: number;
}

export interface DecodeResult {
  readings: Reading[];
  rejections: Rejection[];
}

export interface TimestampPolicy {
  /** readings stamped further ahead of the receipt time are rejected (TIMESTAMP_SKEW) */
  maxFutureMs: number;
  /** readings older than this are rejected (TIMESTAMP_SKEW); younger late readings are accepted as they are */
  maxAgeMs: number;
}

export const DEFAULT_TIMESTAMP_POLICY: TimestampPolicy = {
  maxFutureMs: 5 * 60_000,
  maxAgeMs: 7 * 24 * 3600_000,
};

export interface DecodeContext {
  topic: ParsedTopic;
  /** receipt time, epoch ms; the decoder itself never reads a clock */
  now: number;
  policy: TimestampPolicy;
  lookupDevice: (plantId: string, deviceId: string) => DeviceSpec | undefined;
}

/** One decoder for every message: making one per message cost ~40 % of a small message's decode time. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Longest piece of a message quoted back in a rejection's detail. The detail goes to the dead letters, the log and
 * the device's errors topic; the message itself is kept (truncated) beside it, so the detail needs only a hint.
 */
const QUOTE_CHARS = 64;
const quote = (s: string) => JSON.stringify(s.length > QUOTE_CHARS ? `${s.slice(0, QUOTE_CHARS)}…` : s);
/** A JSON value named in a detail: short scalars as they are, anything else by its kind (never serialised whole). */
const describe = (v: unknown): string =>
  typeof v === 'string'
    ? quote(v)
    : typeof v === 'object' && v !== null
      ? Array.isArray(v)
        ? 'an array'
        : 'an object'
      : String(v);
/** ECMA-262 §21.4.1.22 (time values): a Date holds ±8.64e15 ms around the epoch; beyond it toISOString throws. */
const DATE_RANGE_MS = 8.64e15;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decodes and validates one MQTT message. A bad reading in a gateway batch rejects only itself. */
export function decodeTelemetry(payload: Uint8Array | string, ctx: DecodeContext): DecodeResult {
  let doc: unknown;
  try {
    const text = typeof payload === 'string' ? payload : UTF8.decode(payload);
    doc = JSON.parse(text);
  } catch (e) {
    return fail('MALFORMED_JSON', (e as Error).message);
  }
  if (!isObject(doc)) return fail('SCHEMA', 'payload must be a JSON object');
  if (doc.v !== TELEMETRY_VERSION) return fail('SCHEMA', `unsupported version v=${describe(doc.v)}; expected 1`);

  const out: DecodeResult = { readings: [], rejections: [] };
  if (ctx.topic.kind === 'device') {
    const device = ctx.lookupDevice(ctx.topic.plantId, ctx.topic.deviceId);
    const r = decodeOne(doc, device, ctx.topic.plantId, ctx.topic.deviceId, ctx);
    if ('reason' in r) out.rejections.push({ ...r, deviceId: ctx.topic.deviceId });
    else out.readings.push(r);
    return out;
  }
  if (!Array.isArray(doc.readings)) return fail('SCHEMA', 'gateway payload needs a "readings" array');
  const gatewayId = ctx.topic.gatewayId;
  doc.readings.forEach((item, index) => {
    if (!isObject(item) || typeof item.device !== 'string') {
      out.rejections.push({ reason: 'SCHEMA', detail: 'each reading needs a "device" string', index });
      return;
    }
    const device = ctx.lookupDevice(ctx.topic.plantId, item.device);
    if (device && device.gatewayId !== gatewayId) {
      out.rejections.push({
        reason: 'NOT_AUTHORIZED',
        detail: `gateway ${gatewayId} may not publish for device ${quote(item.device)}`,
        deviceId: item.device,
        index,
      });
      return;
    }
    const r = decodeOne(item, device, ctx.topic.plantId, item.device, ctx);
    if ('reason' in r) out.rejections.push({ ...r, deviceId: item.device, index });
    else out.readings.push(r);
  });
  return out;
}

function fail(reason: RejectReason, detail: string): DecodeResult {
  return { readings: [], rejections: [{ reason, detail }] };
}

function decodeOne(
  doc: Record<string, unknown>,
  device: DeviceSpec | undefined,
  plantId: string,
  deviceId: string,
  ctx: DecodeContext,
): Reading | Rejection {
  if (!device) return { reason: 'UNKNOWN_DEVICE', detail: `no device ${quote(deviceId)} in plant ${plantId}` };

  const ts = parseTimestamp(doc.ts, ctx);
  if ('reason' in ts) return ts;

  if (doc.seq !== undefined && !(Number.isInteger(doc.seq) && (doc.seq as number) >= 0))
    return { reason: 'SCHEMA', detail: '"seq" must be a non-negative integer' };
  if (doc.sim !== undefined && typeof doc.sim !== 'string')
    return { reason: 'SCHEMA', detail: '"sim" must be a string' };
  if (!isObject(doc.metrics)) return { reason: 'SCHEMA', detail: '"metrics" must be an object' };

  const metrics: Partial<Record<MetricName, number>> = {};
  const given = doc.metrics;
  for (const name in given) {
    const mv = given[name];
    if (!isMetricName(name)) return { reason: 'UNKNOWN_METRIC', detail: `unknown metric ${quote(name)}` };
    if (!isObject(mv) || typeof mv.value !== 'number' || typeof mv.unit !== 'string')
      return { reason: 'SCHEMA', detail: `metric "${name}" must be {"value": number, "unit": string}` };
    if (!Number.isFinite(mv.value)) return { reason: 'IMPLAUSIBLE_VALUE', detail: `metric "${name}" is not finite` };
    const canonical = toCanonical(name, mv.value, mv.unit);
    if (canonical === undefined) {
      const accepted = Object.keys(METRICS[name].units).join(', ');
      return { reason: 'UNIT', detail: `unit ${quote(mv.unit)} not accepted for ${name}; use one of: ${accepted}` };
    }
    const def = METRICS[name];
    if (canonical < def.min || canonical > def.max)
      return {
        reason: 'IMPLAUSIBLE_VALUE',
        detail: `${name}=${canonical} ${def.canonical} outside [${def.min}, ${def.max}]`,
      };
    metrics[name] = canonical;
  }

  const missing = missingMetrics(device.class, metrics);
  if (missing) return { reason: 'MISSING_METRIC', detail: missing };

  const reading: Reading = { plantId, deviceId, class: device.class, ts: ts.ts, metrics };
  if (ts.fromServer) reading.tsFromServer = true;
  if (doc.seq !== undefined) reading.seq = doc.seq as number;
  if (doc.sim !== undefined) reading.sim = doc.sim as string;
  return reading;
}

function parseTimestamp(raw: unknown, ctx: DecodeContext): { ts: number; fromServer: boolean } | Rejection {
  if (raw === undefined) return { ts: ctx.now, fromServer: true };
  let ts: number;
  if (typeof raw === 'number' && Number.isInteger(raw)) ts = raw;
  else if (typeof raw === 'string' && /(Z|[+-]\d\d:?\d\d)$/.test(raw)) ts = Date.parse(raw);
  else return { reason: 'SCHEMA', detail: '"ts" must be epoch milliseconds or ISO-8601 with a zone' };
  if (!Number.isFinite(ts)) return { reason: 'SCHEMA', detail: `unparseable timestamp ${describe(raw)}` };
  if (ts > ctx.now + ctx.policy.maxFutureMs)
    return { reason: 'TIMESTAMP_SKEW', detail: `timestamp ${when(ts)} is in the future${unitHint(ts, ctx.now)}` };
  if (ts < ctx.now - ctx.policy.maxAgeMs)
    return { reason: 'TIMESTAMP_SKEW', detail: `timestamp ${when(ts)} is older than allowed${unitHint(ts, ctx.now)}` };
  return { ts, fromServer: false };
}

/** A timestamp as a person reads it; one a Date cannot hold (epoch ns, 1e300) is shown as the number it is. */
function when(ts: number): string {
  return Math.abs(ts) <= DATE_RANGE_MS ? new Date(ts).toISOString() : `${ts}`;
}

/** The usual cause of a timestamp a thousand or a million times too large: µs or ns where ms belong. */
function unitHint(ts: number, now: number): string {
  return ts > 100 * now ? ' (ts must be epoch milliseconds; this looks like µs or ns)' : '';
}

/** Describes the metrics the class needs and the reading lacks, or undefined when complete. */
export function missingMetrics(cls: EquipmentClass, metrics: Partial<Record<MetricName, number>>): string | undefined {
  const spec = CLASS_TELEMETRY[cls];
  if (isComplete(spec, metrics)) return undefined; // the common case, without building a description
  const lacking = spec.required.filter((m) => metrics[m] === undefined);
  if (lacking.length) return `${cls} needs ${lacking.join(', ')}`;
  if (spec.oneOf && !spec.oneOf.some((g) => g.every((m) => metrics[m] !== undefined)))
    return `${cls} needs one of: ${spec.oneOf.map((g) => g.join(' + ')).join(' | ')}`;
  return undefined;
}

function isComplete(
  spec: (typeof CLASS_TELEMETRY)[EquipmentClass],
  metrics: Partial<Record<MetricName, number>>,
): boolean {
  for (const m of spec.required) if (metrics[m] === undefined) return false;
  if (!spec.oneOf) return true;
  return spec.oneOf.some((g) => g.every((m) => metrics[m] !== undefined));
}
