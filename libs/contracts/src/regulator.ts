import type { EquipmentClass } from './equipment-classes.js';

/**
 * The regulator's figures (Shaanxi carbon-peaking plan): by 2025, 100 % of capacity at or above the 基准 (baseline)
 * level and 30 % at the 标杆 (benchmark) level; devices below 基准 listed.
 */
export type ComplianceLevel = 'benchmark' | 'baseline' | 'below' | 'unknown';
export type ComplianceGroupBy = 'region' | 'industry' | 'plant';

export interface LevelCounts {
  benchmark: number;
  baseline: number;
  below: number;
  /** no KPI yet (no data, or still learning) */
  unknown: number;
}

export interface ComplianceRow {
  /** region code, industry name or plant id, by `groupBy` */
  group: string;
  class: EquipmentClass;
  devices: LevelCounts;
  /** rated capacity summed per level, in `capacityUnit` (kW, kVA or t/h by class) */
  capacity: LevelCounts;
  capacityUnit: string;
  /** shares of the capacity with a known level, 0..1 */
  shareAtOrAboveBaseline: number;
  shareAtBenchmark: number;
  meetsTargets: boolean;
}

export interface BelowBaselineDevice {
  plantId: string;
  deviceId: string;
  name: string;
  class: EquipmentClass;
  region?: string;
  industry?: string;
  /**
   * the graded figure: the live KPI, or for equipment graded on its nameplate (a motor's rated efficiency against
   * GB 18613) the register's figure, with `ts` the time of the report
   */
  kpi: { name: { en: string; zh: string }; value: number; unit: string; limit?: number; ts: number };
  /** where the grade comes from: the equipment register (nameplate) or the device in operation (live KPI) */
  source: 'register' | 'operation';
  unverifiedBaseline: boolean;
  citation?: string;
}

export interface ComplianceReport {
  /** wall-clock time the report was made, epoch ms */
  generatedAt: number;
  groupBy: ComplianceGroupBy;
  targets: { atOrAboveBaseline: number; atBenchmark: number };
  rows: ComplianceRow[];
  belowBaseline: BelowBaselineDevice[];
  /** how a GB grade maps to the NDRC levels where the standard has grades only (see docs/regulator.md) */
  levelRule: string;
}

/** Body of a signed webhook delivery. */
export interface WebhookEnvelope<T = unknown> {
  id: string;
  type: 'alert.changed' | 'plant.flood' | 'monitoring.daily' | 'monitoring.monthly';
  /** wall-clock time the event was queued, epoch ms */
  createdAt: number;
  data: T;
}

/** Header names of a webhook delivery; the signature is HMAC-SHA256 over `${timestamp}.${body}`. */
export const WEBHOOK_HEADERS = {
  id: 'x-qinwatt-delivery',
  event: 'x-qinwatt-event',
  timestamp: 'x-qinwatt-timestamp',
  signature: 'x-qinwatt-signature',
} as const;
