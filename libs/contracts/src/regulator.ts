import { z } from 'zod';
import { EQUIPMENT_CLASSES } from './equipment-classes.js';

/**
 * The regulator's figures (Shaanxi carbon-peaking plan): by 2025, 100 % of capacity at or above the 基准 (baseline)
 * level and 30 % at the 标杆 (benchmark) level; devices below 基准 listed.
 */
export type ComplianceLevel = 'benchmark' | 'baseline' | 'below' | 'unknown';
export const COMPLIANCE_GROUPS = ['region', 'industry', 'plant'] as const;
export type ComplianceGroupBy = (typeof COMPLIANCE_GROUPS)[number];

export const LevelCountsSchema = z.object({
  benchmark: z.number(),
  baseline: z.number(),
  below: z.number(),
  /** no KPI yet (no data, or still learning) */
  unknown: z.number(),
});
export type LevelCounts = z.infer<typeof LevelCountsSchema>;

export const ComplianceRowSchema = z.object({
  /** region code, industry name or plant id, by `groupBy` */
  group: z.string(),
  class: z.enum(EQUIPMENT_CLASSES),
  devices: LevelCountsSchema,
  /** rated capacity summed per level, in `capacityUnit` (kW, kVA or t/h by class) */
  capacity: LevelCountsSchema,
  capacityUnit: z.string(),
  /** shares of the capacity with a known level, 0..1 */
  shareAtOrAboveBaseline: z.number(),
  shareAtBenchmark: z.number(),
  meetsTargets: z.boolean(),
});
export type ComplianceRow = z.infer<typeof ComplianceRowSchema>;

export const BelowBaselineDeviceSchema = z.object({
  plantId: z.string(),
  deviceId: z.string(),
  name: z.string(),
  class: z.enum(EQUIPMENT_CLASSES),
  region: z.string().optional(),
  industry: z.string().optional(),
  /**
   * the graded figure: the live KPI, or for equipment graded on its nameplate (a motor's rated efficiency against
   * GB 18613) the register's figure, with `ts` the time of the report
   */
  kpi: z.object({
    name: z.object({ en: z.string(), zh: z.string() }),
    value: z.number(),
    unit: z.string(),
    limit: z.number().optional(),
    ts: z.number(),
  }),
  /** where the grade comes from: the equipment register (nameplate) or the device in operation (live KPI) */
  source: z.enum(['register', 'operation']),
  unverifiedBaseline: z.boolean(),
  citation: z.string().optional(),
});
export type BelowBaselineDevice = z.infer<typeof BelowBaselineDeviceSchema>;

export const ComplianceReportSchema = z
  .object({
    /** wall-clock time the report was made, epoch ms */
    generatedAt: z.number(),
    groupBy: z.enum(COMPLIANCE_GROUPS),
    targets: z.object({ atOrAboveBaseline: z.number(), atBenchmark: z.number() }),
    rows: z.array(ComplianceRowSchema),
    belowBaseline: z.array(BelowBaselineDeviceSchema),
    /** how a GB grade maps to the NDRC levels where the standard has grades only (see docs/regulator.md) */
    levelRule: z.string(),
  })
  .meta({ id: 'ComplianceReport' });
export type ComplianceReport = z.infer<typeof ComplianceReportSchema>;

export const WEBHOOK_EVENT_TYPES = ['alert.changed', 'plant.flood', 'monitoring.daily', 'monitoring.monthly'] as const;

/** Body of a signed webhook delivery. */
export const WebhookEnvelopeSchema = z.object({
  id: z.string(),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  /** wall-clock time the event was queued, epoch ms */
  createdAt: z.number(),
  data: z.unknown(),
});
export type WebhookEnvelope<T = unknown> = Omit<z.infer<typeof WebhookEnvelopeSchema>, 'data'> & { data: T };

/** One event owed to one subscriber (the webhook outbox). */
export const WebhookDeliverySchema = z.object({
  id: z.string(),
  subscriberId: z.string(),
  envelope: WebhookEnvelopeSchema,
  attempts: z.number(),
  /** wall-clock time of the next attempt, epoch ms */
  nextAt: z.number(),
  lastError: z.string().optional(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

/** GET /api/regulator/webhooks: per subscriber its deliveries, and the newest that gave up. */
export const WebhookStatusSchema = z
  .object({
    subscribers: z.array(
      z.object({
        id: z.string(),
        url: z.string(),
        /** delivered by this process since it started */
        delivered: z.number(),
        pending: z.number(),
        dead: z.number(),
      }),
    ),
    dead: z.array(WebhookDeliverySchema),
  })
  .meta({ id: 'WebhookStatus' });
export type WebhookStatus = z.infer<typeof WebhookStatusSchema>;

/** Header names of a webhook delivery; the signature is HMAC-SHA256 over `${timestamp}.${body}`. */
export const WEBHOOK_HEADERS = {
  id: 'x-qinwatt-delivery',
  event: 'x-qinwatt-event',
  timestamp: 'x-qinwatt-timestamp',
  signature: 'x-qinwatt-signature',
} as const;
