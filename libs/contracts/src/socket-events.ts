import type { Reading } from './telemetry.js';
import type { DeviceSpec, PlantSpec } from './fleet.js';
import type { Alert } from './alerts.js';
import type { DeviceKpi, FloodEvent } from './kpis.js';

/** What the console shows for one device. */
export interface DeviceSnapshot {
  device: DeviceSpec;
  latest?: Reading;
}

export interface FleetSnapshot {
  plants: PlantSpec[];
  devices: DeviceSnapshot[];
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
  refused: (r: { reason: 'OUT_OF_SCOPE'; plantIds: string[] }) => void;
}

/** Events a client sends. */
export interface ClientToServerEvents {
  subscribe: (req: { plantIds?: string[] }) => void;
}

export const SOCKET_PATH = '/socket.io';

/** Live readings are coalesced per device: a console needs the newest value, not every sample. */
export const LIVE_BATCH_MS = 250;
