import type { EquipmentClass } from './equipment-classes.js';

/** A device's efficiency KPI as the console shows it (socket.io `kpis`, REST /api/kpis). */
export interface DeviceKpi {
  plantId: string;
  deviceId: string;
  class: EquipmentClass;
  /** data time of the end of the window the KPI covers */
  ts: number;
  name: { en: string; zh: string };
  value: number;
  unit: string;
  /** grade at this operating point: 1 best, 3 the legal minimum, 'below' worse than grade 3 */
  grade?: 1 | 2 | 3 | 'below';
  /** NDRC level where it applies: 标杆 benchmark, 基准 baseline, or below 基准 */
  ndrc?: 'benchmark' | 'baseline' | 'below';
  /** the class limit at this operating point, in `unit` */
  limit?: number;
  levels?: { grade1?: number; grade2?: number; grade3?: number; benchmark?: number; baseline?: number };
  higherIsBetter: boolean;
  /** the baseline figures are not confirmed against the standard's text */
  unverified: boolean;
  citation?: string;
  /** the device's own learned baseline: learning, or monitoring with the latest standardised residual */
  drift: { phase: 'fit' | 'calibrate' | 'monitor'; z?: number };
  /** energy use and CO₂ rate at the latest reading */
  energy?: { kgcePerH: number; kgCo2PerH: number };
}

/** A plant's alarm flood began or ended (ISA-18.2: > 10 new alerts in 10 minutes; ends below 5). */
export interface FloodEvent {
  plantId: string;
  active: boolean;
  /** wall-clock time, epoch ms */
  at: number;
  /** new alerts in the last 10 minutes */
  count: number;
}

/** Shelving is limited in time (ISA-18.2): the longest a user may shelve an alert. */
export const MAX_SHELVE_MS = 24 * 3_600_000;
