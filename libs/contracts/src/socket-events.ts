import type { Reading } from './telemetry.js';
import type { DeviceSpec, PlantSpec } from './fleet.js';
import type { Alert } from './alerts.js';
import type { DeviceKpi, FloodEvent } from './kpis.js';
import type { LiveView, PlantSummary } from './live-view.js';

/** What the console needs to know of a device: the snapshot leaves nameplates, secrets' hashes and gateways out. */
export type ConsoleDevice = Pick<DeviceSpec, 'id' | 'plantId' | 'name' | 'class' | 'area'>;

/** What the console shows for one device. */
export interface DeviceSnapshot {
  device: ConsoleDevice;
  latest?: Reading;
}

/**
 * Sent to a console when it joins (and rejoins after a reconnect): the plants and devices it may see, each device's
 * newest reading, and the latest KPI of each, so the page is complete at once and not after the next KPI window.
 */
export interface FleetSnapshot {
  plants: PlantSpec[];
  devices: DeviceSnapshot[];
  kpis?: DeviceKpi[];
  /** summarised view (live-view.ts): the plants' display states; devices then come without readings or KPIs */
  summaries?: PlantSummary[];
}

/** Events the server sends to socket.io clients. Rooms: `plant:{plantId}`. */
export interface ServerToClientEvents {
  snapshot: (s: FleetSnapshot) => void;
  /** newest reading per device since the last batch, sent at most every LIVE_BATCH_MS per plant room */
  readings: (r: Reading[]) => void;
  /** an alert was opened or changed state */
  alert: (a: Alert) => void;
  /** newest KPI per device since the last batch, coalesced like readings */
  kpis: (k: DeviceKpi[]) => void;
  /** a plant's alarm flood began or ended */
  flood: (f: FloodEvent) => void;
  /** a `subscribe` named plants outside the account's scope: nothing changed (unknown plants look the same) */
  refused: (r: { reason: 'OUT_OF_SCOPE' | 'INVALID'; plantIds: string[] }) => void;
  /** summarised view: a plant's display states changed */
  summary: (s: PlantSummary) => void;
  /** summarised view: the visible devices' newest readings and KPIs, a LiveFrame as UTF-8 JSON (decodeLiveFrame) */
  live: (frame: ArrayBuffer | Uint8Array) => void;
  /** the socket's session (idle or absolute end) or API token ran out while it was open: the server disconnects it */
  expired: (r: { reason: 'SESSION_EXPIRED' | 'TOKEN_EXPIRED' }) => void;
}

/** Events a client sends. */
export interface ClientToServerEvents {
  subscribe: (req: { plantIds?: string[] }) => void;
  /** summarised view: the devices this page shows now (LiveViewSchema; out of scope: refused) */
  view: (req: LiveView) => void;
}

export const SOCKET_PATH = '/socket.io';

/** Live readings are coalesced per device: a console needs the newest value, not every sample. */
export const LIVE_BATCH_MS = 250;
