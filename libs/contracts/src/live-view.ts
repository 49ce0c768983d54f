import { z } from 'zod';
import { ID_PATTERN } from './topics.js';
import type { Reading } from './telemetry.js';
import type { DeviceKpi } from './kpis.js';
import { STATUS_ORDER, type Status } from './unit-status.js';

/**
 * The console's summarised view (ISA-101: an overview needs counts and exceptions, not every reading). A socket that
 * connects with `auth: { view: 'summary' }` gets, per plant of its scope, the display state of every device as a
 * summary pushed at most every SUMMARY_MS when it changed, and the readings and KPIs only of the devices it shows,
 * named in a `view` event. Other clients (integrations) keep the full per-plant feed.
 */
export const SUMMARY_MS = 1000;

/** Most devices one socket may show at once: a screen of cards and a unit's diagnostics, with room to spare. */
export const VIEW_MAX_DEVICES = 500;

const id = z.string().regex(ID_PATTERN);
/** `view`: the devices whose live values this socket shows now (replaces the previous set; empty: none). */
export const LiveViewSchema = z.strictObject({
  devices: z.array(z.strictObject({ plantId: id, deviceId: id })).max(VIEW_MAX_DEVICES),
});
export type LiveView = z.infer<typeof LiveViewSchema>;

/**
 * One plant's display states. `states` holds one character per device, in the order of the plant's devices in the
 * snapshot (`STATE_CODES`); `rev` is the fleet's revision that order belongs to (a different one: ask again).
 */
export interface PlantSummary {
  plantId: string;
  rev: number;
  states: string;
  counts: Record<Status, number>;
}

/** One character per state, in STATUS_ORDER: a = alarm, b = below … f = normal. */
export const STATE_CODES = 'abcdef';
export const stateCode = (s: Status): string => STATE_CODES[STATUS_ORDER.indexOf(s)];
export const stateOf = (c: string): Status => STATUS_ORDER[STATE_CODES.indexOf(c)] ?? 'stale';

/**
 * A `live` frame: the newest readings and KPIs of a socket's visible devices since the last frame. Sent as UTF-8
 * JSON bytes, each item serialised once per frame on the server whichever sockets show it.
 */
export interface LiveFrame {
  readings: Reading[];
  kpis: DeviceKpi[];
}

export const decodeLiveFrame = (bytes: ArrayBuffer | Uint8Array): LiveFrame =>
  JSON.parse(new TextDecoder().decode(bytes)) as LiveFrame;
