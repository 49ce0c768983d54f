import { z } from 'zod';
import { ID_PATTERN } from './topics.js';

/**
 * The indicators a provincial online energy-monitoring platform expects of a key energy-using unit (重点用能单位能耗
 * 在线监测, 发改环资〔2017〕1711号): 15-minute, daily and monthly figures per enterprise with data-quality checks. The
 * shape is qinwatt's own: the national upload interface (GB/T 37947.1-2019) is not public, and none of its codes is
 * reproduced here.
 */
export const MonitoringQuerySchema = z.object({
  enterprise: z.string().regex(ID_PATTERN),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
});
export type MonitoringQuery = z.infer<typeof MonitoringQuerySchema>;

export const MONITORING_FLAGS = ['INCOMPLETE', 'INCONSISTENT', 'LATE'] as const;
export type MonitoringFlag = (typeof MONITORING_FLAGS)[number];

const CategoryIndicatorSchema = z.object({
  category: z.string(),
  quantity: z.number(),
  unit: z.string(),
  kgce: z.number(),
});

export const IndicatorPeriodSchema = z.object({
  label: z.string(),
  start: z.number(),
  end: z.number(),
  /** comprehensive energy consumption, kgce, and by energy type */
  kgce: z.number(),
  categories: z.array(CategoryIndicatorSchema),
  /** output and unit-product consumption per line */
  outputs: z.array(
    z.object({ line: z.string(), product: z.string(), quantity: z.number(), kgcePerUnit: z.number().optional() }),
  ),
  /** share of the expected samples present, 0..1 (the least complete energy type; 0 with no data) */
  completeness: z.number(),
  flags: z.array(z.enum(MONITORING_FLAGS)),
});
export type IndicatorPeriod = z.infer<typeof IndicatorPeriodSchema>;

export const MonitoringReportSchema = z.object({
  enterprise: z.object({
    id: z.string(),
    name: z.string(),
    /** 统一社会信用代码 (GB 32100-2015) */
    uscc: z.string(),
    /** administrative division code (GB/T 2260) */
    region: z.string(),
    /** industry classes (GB/T 4754-2017) of its production lines' key fields */
    industries: z.array(z.string()),
  }),
  /** the plants the figures cover: the enterprise's, or those of them in the caller's regions (`partial`) */
  plants: z.array(z.string()),
  partial: z.boolean(),
  month: z.string(),
  zone: z.string(),
  asOf: z.number(),
  thresholds: z.object({ completeness: z.number(), consistency: z.number(), latenessMs: z.number() }),
  monthly: IndicatorPeriodSchema,
  daily: z.array(IndicatorPeriodSchema),
  /** the 15-minute figures of the last day of the month that has data */
  realtime: z.array(IndicatorPeriodSchema),
  /** per energy type: (Σ daily − monthly) / monthly; INCONSISTENT on the monthly figure beyond the threshold */
  consistency: z.array(
    z.object({ category: z.string(), dailySum: z.number(), monthly: z.number(), deviation: z.number() }),
  ),
  /** timeliness: end of the latest 15-minute period with data, and how long before `asOf` it was */
  latestDataEnd: z.number().optional(),
  lagMs: z.number().optional(),
});
export type MonitoringReport = z.infer<typeof MonitoringReportSchema>;
