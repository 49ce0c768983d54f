import { z } from 'zod';
import { problemCode } from './api-errors.js';

/**
 * The entries made by hand into the energy ledger (`POST /api/ledger/entries`, docs/ledger.md): one schema per kind,
 * the types inferred from them. What needs the fleet or the clock (the plant exists, the date is not in the future,
 * the tariff's seasons tile the year) is checked by the server after the shape.
 */

export const TOU_BAND_NAMES = ['sharp', 'peak', 'flat', 'valley'] as const;
/** 尖峰 / 峰 / 平 / 谷 */
export type TouBandName = (typeof TOU_BAND_NAMES)[number];

export const LEDGER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** a real calendar date YYYY-MM-DD (no 13th month, no 31 February) */
export const isRealDate = (s: string): boolean => {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

const id = z.string().regex(LEDGER_ID, 'must be 1-64 letters, digits, "_", ".", ":" or "-"');
const number = (min: number, max: number, exclusiveMin = false) =>
  (exclusiveMin ? z.number().gt(min) : z.number().min(min)).max(max);
const date = z.string().refine(isRealDate, { message: 'must be a date YYYY-MM-DD', ...problemCode('PERIOD_INVALID') });
const dateOrMonth = z.string().refine((s) => isRealDate(s) || (MONTH.test(s) && isRealDate(`${s}-01`)), {
  message: 'must be a date YYYY-MM-DD or a month YYYY-MM',
  ...problemCode('PERIOD_INVALID'),
});
const text = (max: number) => z.string().min(1).max(max);

/** Common to every entry made by hand: who made it and why. */
const common = {
  /** the person responsible (bound to the authenticated user once the front door has one) */
  by: z.string().regex(/^\S(.{0,62}\S)?$/, 'must be 1-64 characters, not starting or ending with a space'),
  note: z.string().max(500).optional(),
};

/** validTo after validFrom, as a problem at validTo */
const validity = <T extends { validFrom: string; validTo?: string }>(e: T, ctx: z.RefinementCtx) => {
  if (e.validTo !== undefined && e.validTo <= e.validFrom)
    ctx.addIssue({
      code: 'custom',
      path: ['validTo'],
      message: 'validTo must be after validFrom',
      ...problemCode('PERIOD_INVALID'),
    });
};

/** Output of a line over a day (YYYY-MM-DD) or a month (YYYY-MM): replaces the metered figure of that period. */
export const OutputEntrySchema = z.strictObject({
  kind: z.literal('output'),
  plantId: id,
  line: id,
  product: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
  period: dateOrMonth,
  quantity: number(0, 1e9),
  unit: z.literal('t'),
  ...common,
});

/** A delivery of coal (or another fuel) with the laboratory's net calorific value: used from `date` on. */
export const ReceiptEntrySchema = z.strictObject({
  kind: z.literal('receipt'),
  plantId: id,
  category: id,
  date,
  quantity: number(0, 1e9),
  /** net calorific value as received, MJ/kg (= GJ/t): above hydrogen's ~120 is no fuel */
  ncv: number(0, 150, true),
  lab: text(200).optional(),
  ...common,
});

/** A register read by hand from a meter with no connection; consumption is the difference between readings. */
export const MeterReadingEntrySchema = z.strictObject({
  kind: z.literal('meter_reading'),
  plantId: id,
  meterId: id,
  category: id,
  /** epoch ms or ISO-8601 with zone */
  ts: z.union([
    z.number().int().positive(),
    z.string().refine((s) => /(Z|[+-]\d\d:?\d\d)$/.test(s) && Number.isFinite(Date.parse(s)), {
      message: 'must be epoch ms or ISO-8601 with a zone',
    }),
  ]),
  value: number(0, 1e15),
  ...common,
});

/** A day's quantity of a device and category set by hand (数据补录); the day's profile is scaled to it. */
export const CorrectionEntrySchema = z.strictObject({
  kind: z.literal('correction'),
  plantId: id,
  deviceId: id,
  category: id,
  date,
  quantity: number(0, 1e12),
  ...common,
});

export const FACTOR_QUANTITIES = [
  'kgce',
  'kgce_equal',
  'kgce_per_mj',
  'ncv',
  'carbon',
  'oxidation',
  'co2_per_gj',
  'grid',
] as const;
export const FACTOR_SCHEMES = ['reporting', 'average', 'average_excl_green', 'fossil'] as const;

/** A site's own factor, added after the defaults (it wins for its validity). */
export const FactorEntrySchema = z
  .strictObject({
    kind: z.literal('factor'),
    /** an energy category, or '*' for every one */
    category: z.union([z.literal('*'), id]),
    quantity: z.enum(FACTOR_QUANTITIES),
    value: number(0, 1e6, true),
    unit: z.string().regex(/^[A-Za-z0-9/_ .₂²³-]{1,32}$/),
    validFrom: date,
    validTo: date.optional(),
    region: z
      .string()
      .regex(/^(CN|[a-z]+|\d{6})$/)
      .optional(),
    scheme: z.enum(FACTOR_SCHEMES).optional(),
    /** where the figure comes from: document and year */
    document: text(300),
    year: z.string().regex(/^\d{4}$/),
    ...common,
  })
  .superRefine(validity);

const price = (max: number) => number(0, max);

/**
 * A plant's time-of-use electricity tariff from `validFrom` (to before `validTo`): the day's bands per set of months
 * (segments tiling 00:00-24:00) and each band's price as a ratio of the flat price, CNY/kWh. A later entry wins
 * where validities overlap.
 */
export const TariffEntrySchema = z
  .strictObject({
    kind: z.literal('tariff'),
    plantId: id,
    validFrom: date,
    validTo: date.optional(),
    /** CNY/kWh */
    flatPrice: price(100),
    ratio: z.strictObject({ sharp: price(10), peak: price(10), flat: price(10), valley: price(10) }),
    seasons: z
      .array(
        z.strictObject({
          months: z.array(z.number().int().min(1).max(12)).min(1).max(12),
          segments: z
            .array(
              z.strictObject({
                from: z.string().regex(HHMM),
                to: z.string().regex(HHMM),
                band: z.enum(TOU_BAND_NAMES),
              }),
            )
            .min(1)
            .max(48),
        }),
      )
      .min(1)
      .max(12),
    /** the notice it comes from */
    document: text(300).optional(),
    ...common,
  })
  .superRefine(validity);

/** A plant's price of a fuel or heat, CNY per unit of the category (t, Nm³, GJ), from `validFrom`; later wins. */
export const PriceEntrySchema = z
  .strictObject({
    kind: z.literal('price'),
    plantId: id,
    category: id,
    price: price(1e7),
    validFrom: date,
    validTo: date.optional(),
    ...common,
  })
  .superRefine(validity);

/** epoch ms or ISO-8601 with zone */
const instant = z.union([
  z.number().int().positive(),
  z.string().refine((s) => /(Z|[+-]\d\d:?\d\d)$/.test(s) && Number.isFinite(Date.parse(s)), {
    message: 'must be epoch ms or ISO-8601 with a zone',
  }),
]);
/** a register's reading: an 8-digit kWh register is below 10⁸; 10¹⁵ is far beyond any meter */
const reading = z.number().min(0).lt(1e15);
/** a register's range is a power of ten (an 8-digit register wraps at 10⁸); anything else is a typing error */
const modulus = z
  .number()
  .min(10)
  .max(1e15)
  .refine((v) => Number.isInteger(Math.log10(v)), 'must be a power of ten (8 digits: 100000000)');

/**
 * A meter exchanged on a device (or an unconnected meter): the old meter's final reading and the new meter's initial
 * one, so the register's fall is split into the old meter's run-out and the new one's run-up instead of being lost.
 * `ts` may be off by up to an hour: the fall in the readings nearest to it is taken as the moment of the exchange.
 */
export const MeterSwapEntrySchema = z
  .strictObject({
    kind: z.literal('meter_swap'),
    plantId: id,
    /** a device with an energy register, or a meter read by hand (`meter_reading` entries) */
    meterId: id,
    category: id,
    ts: instant,
    oldFinal: reading,
    newInitial: reading,
    /** the new meter's register modulus (it counts to just below it, then wraps to 0), when it has one */
    rollover: modulus.optional(),
    ...common,
  })
  .superRefine((e, ctx) => {
    if (e.rollover !== undefined && e.newInitial >= e.rollover)
      ctx.addIssue({
        code: 'custom',
        path: ['newInitial'],
        message: `the new meter's initial reading ${e.newInitial} is not below its modulus ${e.rollover}`,
      });
  });

/**
 * A register that rolled over at about `ts`: it counts to just below `rollover` and wraps to 0. Explains the fall
 * nearest to `ts` (within an hour) and every later wrap of the same meter, until a meter swap says otherwise.
 */
export const RolloverEntrySchema = z.strictObject({
  kind: z.literal('meter_rollover'),
  plantId: id,
  meterId: id,
  category: id,
  ts: instant,
  rollover: modulus,
  ...common,
});

/** `POST /api/ledger/entries`: one entry, told apart by `kind`. */
export const ManualEntrySchema = z
  .discriminatedUnion('kind', [
    OutputEntrySchema,
    ReceiptEntrySchema,
    MeterReadingEntrySchema,
    CorrectionEntrySchema,
    FactorEntrySchema,
    TariffEntrySchema,
    PriceEntrySchema,
    MeterSwapEntrySchema,
    RolloverEntrySchema,
  ])
  .meta({ id: 'ManualEntry' });
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
] as const;

export type OutputEntry = z.infer<typeof OutputEntrySchema>;
export type ReceiptEntry = z.infer<typeof ReceiptEntrySchema>;
export type MeterReadingEntry = z.infer<typeof MeterReadingEntrySchema>;
export type CorrectionEntry = z.infer<typeof CorrectionEntrySchema>;
export type FactorEntry = z.infer<typeof FactorEntrySchema>;
export type TariffEntry = z.infer<typeof TariffEntrySchema>;
export type PriceEntry = z.infer<typeof PriceEntrySchema>;
export type MeterSwapEntry = z.infer<typeof MeterSwapEntrySchema>;
export type RolloverEntry = z.infer<typeof RolloverEntrySchema>;
export type ManualEntry = z.infer<typeof ManualEntrySchema>;
export type ManualCommon = Pick<ManualEntry, 'by' | 'note'>;

/** The answer to an accepted entry. */
export const ManualEntryAcceptedSchema = z
  .object({
    seq: z.number().int(),
    /** the plant-local dates whose figures this entry changes */
    affected: z.object({ from: z.string(), to: z.string().optional() }),
  })
  .meta({ id: 'ManualEntryAccepted' });
export type ManualEntryAccepted = z.infer<typeof ManualEntryAcceptedSchema>;
