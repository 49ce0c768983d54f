import type { Alert, FloodEvent } from '#contracts';

/** What survives a restart: every alert with its audit trail, flood episodes, and the detectors' learned state. */
export interface AlertStoreContents {
  alerts: Alert[];
  floods: FloodEvent[];
  /** per device key `plantId/deviceId`: the detection core's serialised state (learned baselines included) */
  detection: Record<string, unknown>;
}

/** Port for alert persistence. Writes resolve once durable. */
export abstract class AlertStore {
  abstract load(): Promise<AlertStoreContents>;
  /** records the alert's current version (the newest version of an id wins on load) */
  abstract saveAlert(a: Alert): Promise<void>;
  abstract saveFlood(f: FloodEvent): Promise<void>;
  abstract saveDetection(states: Record<string, unknown>): Promise<void>;
  abstract close(): Promise<void>;
}
