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

/** 尖峰 / 峰 / 平 / 谷 */
export const TOU_BAND_NAMES = ['sharp', 'peak', 'flat', 'valley'] as const;
export type TouBandName = (typeof TOU_BAND_NAMES)[number];

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

/** Common to every entry made by hand: who made it and why. */
export interface ManualCommon {
  /** the person responsible (bound to the authenticated user once the front door has one) */
  by: string;
  note?: string;
}

/** Output of a line over a day (YYYY-MM-DD) or a month (YYYY-MM): replaces the metered figure of that period. */
export interface OutputEntry extends ManualCommon {
  kind: 'output';
  plantId: string;
  line: string;
  product: string;
  period: string;
  quantity: number;
  unit: 't';
}

/** A delivery of coal (or another fuel) with the laboratory's net calorific value: used from `date` on. */
export interface ReceiptEntry extends ManualCommon {
  kind: 'receipt';
  plantId: string;
  category: string;
  date: string;
  quantity: number;
  /** net calorific value as received, MJ/kg (= GJ/t) */
  ncv: number;
  lab?: string;
}

/** A register read by hand from a meter with no connection; consumption is the difference between readings. */
export interface MeterReadingEntry extends ManualCommon {
  kind: 'meter_reading';
  plantId: string;
  meterId: string;
  category: string;
  /** epoch ms or ISO-8601 with zone */
  ts: number | string;
  value: number;
}

/** A day's quantity of a device and category set by hand (数据补录); the day's profile is scaled to it. */
export interface CorrectionEntry extends ManualCommon {
  kind: 'correction';
  plantId: string;
  deviceId: string;
  category: string;
  date: string;
  quantity: number;
}

/** A site's own factor, added after the defaults (it wins for its validity). */
export interface FactorEntry extends ManualCommon {
  kind: 'factor';
  category: string;
  quantity: 'kgce' | 'kgce_equal' | 'kgce_per_mj' | 'ncv' | 'carbon' | 'oxidation' | 'co2_per_gj' | 'grid';
  value: number;
  unit: string;
  validFrom: string;
  validTo?: string;
  region?: string;
  scheme?: 'reporting' | 'average' | 'average_excl_green' | 'fossil';
  /** where the figure comes from: document and year */
  document: string;
  year: string;
}

/**
 * A plant's time-of-use electricity tariff from `validFrom` (to before `validTo`): the day's bands per set of months
 * (segments tiling 00:00-24:00) and each band's price as a ratio of the flat price, CNY/kWh. A later entry wins
 * where validities overlap.
 */
export interface TariffEntry extends ManualCommon {
  kind: 'tariff';
  plantId: string;
  validFrom: string;
  validTo?: string;
  flatPrice: number;
  ratio: Record<TouBandName, number>;
  seasons: Array<{ months: number[]; segments: Array<{ from: string; to: string; band: TouBandName }> }>;
  /** the notice it comes from */
  document?: string;
}

/** A plant's price of a fuel or heat, CNY per unit of the category (t, Nm³, GJ), from `validFrom`; later wins. */
export interface PriceEntry extends ManualCommon {
  kind: 'price';
  plantId: string;
  category: string;
  price: number;
  validFrom: string;
  validTo?: string;
}

/**
 * A meter exchanged on a device (or an unconnected meter): the old meter's final reading and the new meter's initial
 * one, so the register's fall is split into the old meter's run-out and the new one's run-up instead of being lost.
 * `ts` may be off by up to an hour: the fall in the readings nearest to it is taken as the moment of the exchange.
 */
export interface MeterSwapEntry extends ManualCommon {
  kind: 'meter_swap';
  plantId: string;
  /** a device with an energy register, or a meter read by hand (`meter_reading` entries) */
  meterId: string;
  category: string;
  /** epoch ms or ISO-8601 with zone */
  ts: number | string;
  oldFinal: number;
  newInitial: number;
  /** the new meter's register modulus (it counts to just below it, then wraps to 0), when it has one */
  rollover?: number;
}

/**
 * A register that rolled over at about `ts`: it counts to just below `rollover` and wraps to 0. Explains the fall
 * nearest to `ts` (within an hour) and every later wrap of the same meter, until a meter swap says otherwise.
 */
export interface RolloverEntry extends ManualCommon {
  kind: 'meter_rollover';
  plantId: string;
  meterId: string;
  category: string;
  ts: number | string;
  rollover: number;
}

export type ManualEntry =
  | OutputEntry
  | ReceiptEntry
  | MeterReadingEntry
  | CorrectionEntry
  | FactorEntry
  | TariffEntry
  | PriceEntry
  | MeterSwapEntry
  | RolloverEntry;

export const MANUAL_ENTRY_KINDS = [
  'output',
  'receipt',
  'meter_reading',
  'correction',
  'factor',
  'tariff',
  'price',
  'meter_swap',
  'meter_rollover',
] as const satisfies ReadonlyArray<ManualEntry['kind']>;

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

export interface ManualEntryAccepted {
  seq: number;
  /** the plant-local dates whose figures this entry changes */
  affected: { from: string; to?: string };
}
