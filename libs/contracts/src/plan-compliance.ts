import { z } from 'zod';
import { ID_PATTERN } from './topics.js';

/**
 * Compliance per the plan (docs/regulator.md): per key field, the share of production capacity at the NDRC 标杆
 * level and at or above 基准, from each production line's unit-product energy consumption over a statistical period.
 * The arithmetic is libs/compliance (plan-report.ts); the server feeds it from the energy ledger.
 */

const id = z.string().regex(ID_PATTERN);
const region = z.string().regex(/^\d{6}$/, 'a 6-digit administrative division code');

/**
 * A production line of the fleet: the unit the plan's levels apply to. `capacity` is its design capacity per year
 * in the field's product unit (t/a; weight boxes/a for flat glass; m²/a for building ceramics). Its unit-product
 * consumption is the energy ledger's figure of `device` (the device whose output and energy the ledger reads for
 * the line; the line's id when absent).
 */
export const ProductionLineSchema = z.object({
  id,
  plantId: id,
  name: z.string().min(1).max(128),
  nameZh: z.string().max(128).optional(),
  /** a key field id of libs/compliance (cement_clinker, flat_glass, …) */
  field: z.string().min(1).max(64),
  /** the row of the field's table the line is judged on (a process or size class), where the field has several */
  row: z.string().max(64).optional(),
  capacity: z.number().positive().finite(),
  device: id.optional(),
});
export type ProductionLineSpec = z.infer<typeof ProductionLineSchema>;

export const PLAN_GRANULARITIES = ['month', 'quarter', 'year'] as const;
export type PlanGranularity = (typeof PLAN_GRANULARITIES)[number];

/** GET /api/regulator/plan: the periods (labels 2026-03, 2026-Q1, 2026) and an optional region / enterprise filter. */
export const PlanComplianceQuerySchema = z.object({
  granularity: z.enum(PLAN_GRANULARITIES).default('month'),
  from: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'YYYY, YYYY-Qn or YYYY-MM'),
  to: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'YYYY, YYYY-Qn or YYYY-MM'),
  region: region.optional(),
  enterprise: id.optional(),
});
export type PlanComplianceQuery = z.infer<typeof PlanComplianceQuerySchema>;

/**
 * Where a line's capacity stands over a period: at 标杆, at or above 基准, below 基准; or counted apart, never as
 * compliant: no figure for the period (no_data), a figure from too little data (insufficient: completeness below
 * the threshold), no level to judge it on (no_level: a field or row without levels).
 */
export const LINE_STATUSES = ['benchmark', 'baseline', 'below', 'no_data', 'insufficient', 'no_level'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

const capacityByStatus = z.object(
  Object.fromEntries(LINE_STATUSES.map((s) => [s, z.number()])) as Record<LineStatus, z.ZodNumber>,
);

export const FieldSharesSchema = z.object({
  field: z.string(),
  /** the capacity unit, e.g. t/a */
  capacityUnit: z.string(),
  lines: z.number().int(),
  capacity: capacityByStatus,
  totalCapacity: z.number(),
  /** shares of ALL the field's capacity in scope (missing data in the denominator), 0..1 */
  shareAtBenchmark: z.number(),
  shareAtOrAboveBaseline: z.number(),
  shareBelow: z.number(),
  /** no_data + insufficient + no_level */
  shareMissing: z.number(),
  /** percentage points still to reach: 100 % at or above 基准, 30 % at 标杆 (0 when reached) */
  gapToBaselineTarget: z.number(),
  gapToBenchmarkTarget: z.number(),
  meetsTargets: z.boolean(),
});
export type FieldShares = z.infer<typeof FieldSharesSchema>;

export const LineResultSchema = z.object({
  lineId: z.string(),
  name: z.string(),
  nameZh: z.string().optional(),
  plantId: z.string(),
  /** the device whose ledger figures measure the line */
  device: z.string(),
  enterprise: z.string().optional(),
  region: z.string().optional(),
  field: z.string(),
  row: z.string().optional(),
  capacity: z.number(),
  status: z.enum(LINE_STATUSES),
  /** unit-product energy consumption over the period, in the field's indicator unit */
  value: z.number().optional(),
  unit: z.string(),
  benchmark: z.number().optional(),
  baseline: z.number().optional(),
  /** share of the period's expected data the figure rests on, 0..1 */
  completeness: z.number().optional(),
  output: z.number().optional(),
  /** confidence of the level row the line is judged on */
  levelConfidence: z.enum(['confirmed', 'transcribed', 'recalled']).optional(),
});
export type LineResult = z.infer<typeof LineResultSchema>;

export const ScopeFieldsSchema = z.object({
  /** region code (a prefecture: 6101 00) or enterprise id */
  id: z.string(),
  name: z.string().optional(),
  nameZh: z.string().optional(),
  /** enterprises: 统一社会信用代码 and registered region */
  uscc: z.string().optional(),
  region: z.string().optional(),
  fields: z.array(FieldSharesSchema),
});
export type ScopeFields = z.infer<typeof ScopeFieldsSchema>;

export const PlanPeriodSchema = z.object({
  label: z.string(),
  start: z.number(),
  end: z.number(),
  /** the scope's totals per field */
  fields: z.array(FieldSharesSchema),
  /** per prefecture-level region (code ending in 00) */
  regions: z.array(ScopeFieldsSchema),
  enterprises: z.array(ScopeFieldsSchema),
  lines: z.array(LineResultSchema),
  /** mean over the lines in scope of the share of each line's expected data present, 0..1 (fields' capacity units differ) */
  completeness: z.number(),
});
export type PlanPeriod = z.infer<typeof PlanPeriodSchema>;

export const PlanComplianceReportSchema = z.object({
  /** epoch ms the report was made */
  asOf: z.number(),
  /** time zone the periods are cut in */
  zone: z.string(),
  granularity: z.enum(PLAN_GRANULARITIES),
  scope: z.object({ region: z.string().optional(), enterprise: z.string().optional() }),
  targets: z.object({ year: z.number(), atOrAboveBaseline: z.number(), atBenchmark: z.number() }),
  /** a period's figure resting on less than this share of its expected data is `insufficient` */
  completenessThreshold: z.number(),
  /** oldest first: the trend */
  periods: z.array(PlanPeriodSchema),
  fields: z.array(
    z.object({
      id: z.string(),
      zh: z.string(),
      en: z.string(),
      unit: z.string(),
      capacityUnit: z.string(),
      standard: z.string(),
      document: z.string(),
      deadline: z.number(),
    }),
  ),
});
export type PlanComplianceReport = z.infer<typeof PlanComplianceReportSchema>;
