import { z } from 'zod';
import { ID_PATTERN } from './topics.js';
import { IndicatorPeriodSchema, MonitoringReportSchema } from './monitoring.js';

/**
 * What qinwatt pushes to a provincial online energy-monitoring platform: one enterprise's indicators for one closed
 * day or month, in qinwatt's own JSON (the `data` of a signed delivery whose event is `monitoring.daily` or
 * `monitoring.monthly`). The national upload interface (GB/T 37947.1-2019) is not public: none of its codes is
 * reproduced; a site that has it replaces the codec (apps/server/src/regulator/exporter/codec.ts), nothing else.
 */
export const EXPORT_KINDS = ['daily', 'monthly'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const MONITORING_EXPORT_FORMAT = 'qinwatt.monitoring/1' as const;

export const MonitoringExportSchema = z.object({
  format: z.literal(MONITORING_EXPORT_FORMAT),
  kind: z.enum(EXPORT_KINDS),
  /** the day (YYYY-MM-DD) or month (YYYY-MM), plant-local in `zone` */
  period: z.string(),
  zone: z.string(),
  /** when the figures were taken, epoch ms */
  asOf: z.number(),
  enterprise: MonitoringReportSchema.shape.enterprise,
  thresholds: MonitoringReportSchema.shape.thresholds,
  /** the day's or the month's figures with their completeness and flags */
  indicators: IndicatorPeriodSchema,
  /** daily: the day's 15-minute figures */
  quarterHours: z.array(IndicatorPeriodSchema).optional(),
  /** monthly: the month's days and the daily-vs-monthly consistency */
  days: z.array(IndicatorPeriodSchema).optional(),
  consistency: MonitoringReportSchema.shape.consistency.optional(),
});
export type MonitoringExport = z.infer<typeof MonitoringExportSchema>;

const period = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'YYYY-MM (monthly) or YYYY-MM-DD (daily)');

/** POST /api/regulator/exports: push (again) one enterprise's day or month to the platforms that take it. */
export const ExportRequestSchema = z
  .object({ enterprise: z.string().regex(ID_PATTERN), kind: z.enum(EXPORT_KINDS), period })
  .refine((r) => (r.kind === 'daily') === (r.period.length === 10), {
    path: ['period'],
    message: 'a daily export names a day (YYYY-MM-DD), a monthly one a month (YYYY-MM)',
  });
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export const EXPORT_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** One delivery of the export log: what was queued for which platform, and what became of it. */
export const ExportDeliverySchema = z.object({
  deliveryId: z.string(),
  subscriberId: z.string(),
  kind: z.enum(EXPORT_KINDS),
  enterprise: z.string(),
  region: z.string(),
  period: z.string(),
  /** the codec that encoded it (`qinwatt-json`) */
  codec: z.string(),
  queuedAt: z.number(),
  status: z.enum(EXPORT_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  /** the receiver's HTTP status on the last attempt that got an answer */
  httpStatus: z.number().int().optional(),
  updatedAt: z.number(),
  deliveredAt: z.number().optional(),
});
export type ExportDelivery = z.infer<typeof ExportDeliverySchema>;

/** GET /api/regulator/exports: newest first; filters by enterprise, region (covers the codes below it), status. */
export const ExportLogQuerySchema = z.object({
  enterprise: z.string().regex(ID_PATTERN).optional(),
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  status: z.enum(EXPORT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ExportLogQuery = z.infer<typeof ExportLogQuerySchema>;

export const ExportLogSchema = z.object({ deliveries: z.array(ExportDeliverySchema) });
export type ExportLog = z.infer<typeof ExportLogSchema>;

export const ExportQueuedSchema = z.object({ deliveries: z.array(ExportDeliverySchema) });
export type ExportQueued = z.infer<typeof ExportQueuedSchema>;
