import type { Reading } from '#contracts';

export interface RangeQuery {
  plantId: string;
  deviceId: string;
  /** epoch ms, inclusive */
  from: number;
  /** epoch ms, exclusive */
  to: number;
}

/**
 * Port: where validated readings are kept. One adapter per folder beside this file. `write` resolves only once
 * the batch is durable in the store; writing the same (device, ts) twice keeps one point.
 */
export abstract class TelemetryStore {
  abstract init(): Promise<void>;
  abstract write(readings: readonly Reading[]): Promise<void>;
  /** the newest reading of every device that has one */
  abstract latest(): Promise<Reading[]>;
  abstract range(q: RangeQuery): Promise<Reading[]>;
  abstract close(): Promise<void>;
}
