import type { ManualEntry, TouBandName } from './ledger-entries.js';

/**
 * The energy ledger's API shapes (server, console and tests). The arithmetic is libs/ledger; the service is
 * apps/server/src/ledger; docs/ledger.md describes both.
 */

export const LEDGER_LEVELS = ['device', 'plant', 'enterprise', 'region'] as const;
export type LedgerLevel = (typeof LEDGER_LEVELS)[number];
export const LEDGER_GRANULARITIES = ['15min', 'hour', 'day', 'month', 'year'] as const;
export type LedgerGranularity = (typeof LEDGER_GRANULARITIES)[number];

/** How a figure was obtained: a metered register, rates integrated, entered by hand, or corrected by hand. */
export type LedgerSource = 'register' | 'integrated' | 'manual' | 'corrected';

export interface LedgerCategoryFigure {
  category: string;
  nameZh: string;
  nameEn: string;
  /** in the category's unit */
  quantity: number;
  unit: string;
  kgce: number;
  tCo2: number;
  /** CO₂ from biomass, reported apart and not in tCo2 */
  tCo2Biogenic: number;
  /** share of the period covered by readings (time-weighted over the period, the lowest over devices) */
  completeness: number;
  sources: LedgerSource[];
  /** the factor ids the conversion used */
  factorIds: string[];
  /** CNY of the quantity priced (a `tariff` or `price` entry of the plant valid on the day); absent when none was */
  cost?: number;
  /** quantity no tariff or price covered (its cost is not in `cost`); absent when all was priced */
  unpriced?: number;
  /** electricity under a time-of-use tariff: kWh and CNY per band */
  bands?: Record<TouBandName, { kWh: number; cost: number }>;
}

export interface LedgerOutputFigure {
  /** the device (production line) whose output it is */
  line: string;
  product: string;
  quantity: number;
  unit: string;
  source: 'integrated' | 'manual';
  /** kgce of the line over the period */
  kgce: number;
  /** unit-product energy consumption, kgce per unit of output; absent when there was no output */
  kgcePerUnit?: number;
}

export interface LedgerTotals {
  kgce: number;
  tCo2: number;
  tCo2Biogenic: number;
  /** CNY, the sum of the categories' priced cost; absent when nothing was priced */
  cost?: number;
}

export interface LedgerChange {
  previous: LedgerTotals;
  /** % change of kgce and tCo2; absent where the previous figure is 0 */
  kgcePct?: number;
  tCo2Pct?: number;
  costPct?: number;
}

export interface LedgerPeriod extends LedgerTotals {
  label: string;
  start: number;
  end: number;
  categories: LedgerCategoryFigure[];
  outputs: LedgerOutputFigure[];
  /** 环比: against the period before */
  mom?: LedgerChange;
  /** 同比: against the same period a year before */
  yoy?: LedgerChange;
}

export interface LedgerResponse {
  level: LedgerLevel;
  id: string;
  granularity: LedgerGranularity;
  zone: string;
  /** the devices and unconnected meters summed (accounting meters only above device level) */
  devices: string[];
  periods: LedgerPeriod[];
  /** meter problems met while reading the periods (REGISTER_DECREASED, …), first few */
  problems: Array<{ deviceId: string; reason: string; t: number; detail: string }>;
}

/** A parent meter's balance over one period: parent − Σ children, the loss in %, and its band (docs/ledger.md). */
export interface MeterBalance {
  parent: string;
  children: string[];
  category: string;
  /** quantities in the category's unit */
  parentValue?: number;
  childrenSum?: number;
  loss?: number;
  lossPct?: number;
  /** [lowest, highest] loss in % */
  band: [number, number];
  /** loss_high: above the band (a leak, an unmetered consumer); loss_negative: below (a meter fault, a wrong tree) */
  status: 'ok' | 'loss_high' | 'loss_negative' | 'no_data';
  /** whether the loss is inside the band; absent when a meter had no figure for the period */
  inBand?: boolean;
  /** meters with no figure for the period */
  missing: string[];
}

export interface VirtualMeterValue {
  id: string;
  category: string;
  formula: string;
  value?: number;
  /** why there is no value: a meter it reads had no figure (FORMULA_UNKNOWN_METER), a division by 0, … */
  problem?: string;
}

export interface LedgerBalanceResponse {
  plantId: string;
  granularity: LedgerGranularity;
  zone: string;
  periods: Array<{
    label: string;
    start: number;
    end: number;
    balances: MeterBalance[];
    virtualMeters: VirtualMeterValue[];
  }>;
}

/** An entry as kept in the append-only ledger log. */
export type LoggedEntry = ManualEntry & {
  seq: number;
  /** server time of the entry, epoch ms */
  at: number;
  /** ts of a meter reading, swap or roll-over, normalised to epoch ms */
  tsMs?: number;
  /** factor entries: the id given to the factor, the factor it displaces and the dates recomputed */
  factorId?: string;
  replaces?: { id: string; value: number; unit: string };
  affected?: { from: string; to?: string };
};
