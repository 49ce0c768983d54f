import { z } from 'zod';
import {
  CorrectionEntrySchema,
  FACTOR_QUANTITIES,
  FACTOR_SCHEMES,
  FactorEntrySchema,
  MeterReadingEntrySchema,
  MeterSwapEntrySchema,
  OutputEntrySchema,
  PriceEntrySchema,
  ReceiptEntrySchema,
  RolloverEntrySchema,
  TOU_BAND_NAMES,
  TariffEntrySchema,
} from './ledger-entries.js';

/**
 * The energy ledger's API shapes (server, console and tests): one schema per answer, the types inferred from them.
 * The arithmetic is libs/ledger; the service is apps/server/src/ledger; docs/ledger.md describes both.
 */

export const LEDGER_LEVELS = ['device', 'plant', 'enterprise', 'region'] as const;
export type LedgerLevel = (typeof LEDGER_LEVELS)[number];
export const LEDGER_GRANULARITIES = ['15min', 'hour', 'day', 'month', 'year'] as const;
export type LedgerGranularity = (typeof LEDGER_GRANULARITIES)[number];

/** How a figure was obtained: a metered register, rates integrated, entered by hand, or corrected by hand. */
export const LedgerSourceSchema = z.enum(['register', 'integrated', 'manual', 'corrected']);
export type LedgerSource = z.infer<typeof LedgerSourceSchema>;

export const LedgerCategoryFigureSchema = z.object({
  category: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  /** in the category's unit */
  quantity: z.number(),
  unit: z.string(),
  kgce: z.number(),
  tCo2: z.number(),
  /** CO₂ from biomass, reported apart and not in tCo2 */
  tCo2Biogenic: z.number(),
  /** share of the period covered by readings (time-weighted over the period, the lowest over devices) */
  completeness: z.number(),
  sources: z.array(LedgerSourceSchema),
  /** the factor ids the conversion used */
  factorIds: z.array(z.string()),
  /** CNY of the quantity priced (a `tariff` or `price` entry of the plant valid on the day); absent when none was */
  cost: z.number().optional(),
  /** quantity no tariff or price covered (its cost is not in `cost`); absent when all was priced */
  unpriced: z.number().optional(),
  /** electricity under a time-of-use tariff: kWh and CNY per band */
  bands: z.record(z.enum(TOU_BAND_NAMES), z.object({ kWh: z.number(), cost: z.number() })).optional(),
});
export type LedgerCategoryFigure = z.infer<typeof LedgerCategoryFigureSchema>;

export const LedgerOutputFigureSchema = z.object({
  /** the device (production line) whose output it is */
  line: z.string(),
  product: z.string(),
  quantity: z.number(),
  unit: z.string(),
  source: z.enum(['integrated', 'manual']),
  /** kgce of the line over the period */
  kgce: z.number(),
  /** unit-product energy consumption, kgce per unit of output; absent when there was no output */
  kgcePerUnit: z.number().optional(),
});
export type LedgerOutputFigure = z.infer<typeof LedgerOutputFigureSchema>;

const totals = {
  kgce: z.number(),
  tCo2: z.number(),
  tCo2Biogenic: z.number(),
  /** CNY, the sum of the categories' priced cost; absent when nothing was priced */
  cost: z.number().optional(),
};
export const LedgerTotalsSchema = z.object(totals);
export type LedgerTotals = z.infer<typeof LedgerTotalsSchema>;

export const LedgerChangeSchema = z.object({
  previous: LedgerTotalsSchema,
  /** % change of kgce and tCo2; absent where the previous figure is 0 */
  kgcePct: z.number().optional(),
  tCo2Pct: z.number().optional(),
  costPct: z.number().optional(),
});
export type LedgerChange = z.infer<typeof LedgerChangeSchema>;

export const LedgerPeriodSchema = z.object({
  ...totals,
  label: z.string(),
  start: z.number(),
  end: z.number(),
  categories: z.array(LedgerCategoryFigureSchema),
  outputs: z.array(LedgerOutputFigureSchema),
  /** 环比: against the period before */
  mom: LedgerChangeSchema.optional(),
  /** 同比: against the same period a year before */
  yoy: LedgerChangeSchema.optional(),
});
export type LedgerPeriod = z.infer<typeof LedgerPeriodSchema>;

/** `GET /api/ledger` */
export const LedgerResponseSchema = z
  .object({
    level: z.enum(LEDGER_LEVELS),
    id: z.string(),
    granularity: z.enum(LEDGER_GRANULARITIES),
    zone: z.string(),
    /** the devices and unconnected meters summed (accounting meters only above device level) */
    devices: z.array(z.string()),
    periods: z.array(LedgerPeriodSchema),
    /** meter problems met while reading the periods (REGISTER_DECREASED, …), first few */
    problems: z.array(z.object({ deviceId: z.string(), reason: z.string(), t: z.number(), detail: z.string() })),
  })
  .meta({ id: 'LedgerResponse' });
export type LedgerResponse = z.infer<typeof LedgerResponseSchema>;

/** A parent meter's balance over one period: parent − Σ children, the loss in %, and its band (docs/ledger.md). */
export const MeterBalanceSchema = z.object({
  parent: z.string(),
  children: z.array(z.string()),
  category: z.string(),
  /** quantities in the category's unit */
  parentValue: z.number().optional(),
  childrenSum: z.number().optional(),
  loss: z.number().optional(),
  lossPct: z.number().optional(),
  /** [lowest, highest] loss in % */
  band: z.tuple([z.number(), z.number()]),
  /** loss_high: above the band (a leak, an unmetered consumer); loss_negative: below (a meter fault, a wrong tree) */
  status: z.enum(['ok', 'loss_high', 'loss_negative', 'no_data']),
  /** whether the loss is inside the band; absent when a meter had no figure for the period */
  inBand: z.boolean().optional(),
  /** meters with no figure for the period */
  missing: z.array(z.string()),
});
export type MeterBalance = z.infer<typeof MeterBalanceSchema>;

export const VirtualMeterValueSchema = z.object({
  id: z.string(),
  category: z.string(),
  formula: z.string(),
  value: z.number().optional(),
  /** why there is no value: a meter it reads had no figure (FORMULA_UNKNOWN_METER), a division by 0, … */
  problem: z.string().optional(),
});
export type VirtualMeterValue = z.infer<typeof VirtualMeterValueSchema>;

/** `GET /api/ledger/balance` */
export const LedgerBalanceResponseSchema = z
  .object({
    plantId: z.string(),
    granularity: z.enum(LEDGER_GRANULARITIES),
    zone: z.string(),
    periods: z.array(
      z.object({
        label: z.string(),
        start: z.number(),
        end: z.number(),
        balances: z.array(MeterBalanceSchema),
        virtualMeters: z.array(VirtualMeterValueSchema),
      }),
    ),
  })
  .meta({ id: 'LedgerBalanceResponse' });
export type LedgerBalanceResponse = z.infer<typeof LedgerBalanceResponseSchema>;

/** What the log adds to an entry made by hand. */
const logged = {
  seq: z.number().int(),
  /** server time of the entry, epoch ms */
  at: z.number(),
  /** ts of a meter reading, swap or roll-over, normalised to epoch ms */
  tsMs: z.number().optional(),
  /** factor entries: the id given to the factor, the factor it displaces and the dates recomputed */
  factorId: z.string().optional(),
  replaces: z.object({ id: z.string(), value: z.number(), unit: z.string() }).optional(),
  affected: z.object({ from: z.string(), to: z.string().optional() }).optional(),
};
const asLogged = <S extends z.ZodRawShape>(s: z.ZodObject<S>) => z.object({ ...s.shape, ...logged });

/** An entry as kept in the append-only ledger log (`GET /api/ledger/entries`). */
export const LoggedEntrySchema = z
  .discriminatedUnion('kind', [
    asLogged(OutputEntrySchema),
    asLogged(ReceiptEntrySchema),
    asLogged(MeterReadingEntrySchema),
    asLogged(CorrectionEntrySchema),
    asLogged(FactorEntrySchema),
    asLogged(TariffEntrySchema),
    asLogged(PriceEntrySchema),
    asLogged(MeterSwapEntrySchema),
    asLogged(RolloverEntrySchema),
  ])
  .meta({ id: 'LoggedEntry' });
export type LoggedEntry = z.infer<typeof LoggedEntrySchema>;

export const LoggedEntriesSchema = z.object({ entries: z.array(LoggedEntrySchema) }).meta({ id: 'LoggedEntries' });

/**
 * Where a figure comes from. `confidence` uses the same scale as the equipment baselines: confirmed (read in the
 * primary document), transcribed (from one secondary source), derived (computed by a stated rule), recalled (from
 * memory: check before filing), unverified (entered by a site).
 */
export const CitationSchema = z.object({
  /** the document: standard, guideline or notice, with its number */
  document: z.string(),
  /** edition or publication year of the document */
  year: z.string(),
  /** table, appendix or clause the figure is in */
  table: z.string(),
  confidence: z.enum(['confirmed', 'transcribed', 'derived', 'recalled', 'unverified']),
  note: z.string().optional(),
});
export type Citation = z.infer<typeof CitationSchema>;

/** An energy category (能源品种): its unit, how it turns into kgce and CO₂, and whether its CO₂ is biogenic. */
export const EnergyCategorySchema = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  /** solid and liquid fuels in tonnes, gases in normal m³ */
  unit: z.enum(['kWh', 't', 'Nm3', 'GJ']),
  kind: z.enum(['electricity', 'fuel', 'heat']),
  /** CO₂ from biomass is reported apart and not added to the fossil total (IPCC 2006 Vol. 2 §1.2) */
  biogenic: z.boolean(),
});
export type EnergyCategory = z.infer<typeof EnergyCategorySchema>;

/** A conversion factor with its validity and citation (libs/ledger/src/factors/types.ts says what each gives). */
export const FactorSchema = z.object({
  /** stable id, carried by every result that used the factor */
  id: z.string(),
  category: z.string(),
  quantity: z.enum(FACTOR_QUANTITIES),
  value: z.number(),
  unit: z.string(),
  /** first day the figure applies (ISO date, plant's calendar) */
  validFrom: z.string(),
  /** first day it no longer applies (exclusive); open-ended when absent */
  validTo: z.string().optional(),
  /** grid factors: 'CN', an MEE grid region (north, northwest, …) or a GB/T 2260 province code */
  region: z.string().optional(),
  scheme: z.enum(FACTOR_SCHEMES).optional(),
  cite: CitationSchema,
});
export type Factor = z.infer<typeof FactorSchema>;

/** `GET /api/ledger/factors`: the categories and the factors in force, the defaults first, then the site's own. */
export const FactorBookSchema = z
  .object({ categories: z.array(EnergyCategorySchema), factors: z.array(FactorSchema) })
  .meta({ id: 'FactorBook' });
export type FactorBook = z.infer<typeof FactorBookSchema>;
