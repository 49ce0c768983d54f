import { z } from 'zod';
import { EQUIPMENT_CLASSES } from './equipment-classes.js';

/** A unit's operating state, from its own telemetry. */
export const OPERATING_STATES = ['off', 'starting', 'steady', 'unloaded', 'transient'] as const;
export type OperatingState = (typeof OPERATING_STATES)[number];

/**
 * Whether detection judged the device's efficiency at this window and, when not, why. Nothing is switched off
 * silently: every window that is not judged carries a reason code.
 */
export type JudgementStatus = 'judged' | 'learning' | 'outside_baseline' | 'not_judged' | 'not_observable';
export const JUDGEMENT_REASONS = {
  OFF: 'the unit is off',
  STARTING: 'the unit is starting up (cold start, heat-up): efficiency is not judged until it has settled',
  TRANSIENT: 'the load is changing: efficiency is judged again once the unit has settled',
  UNLOADED: 'running unloaded: no output to judge efficiency on',
  LEARNING: 'the baseline is learning from operating data',
  OUTSIDE_BASELINE: 'an operating point the baseline was not learned on: it is learning it now',
  NO_SPREAD: 'the baseline has no usable spread of residuals: re-learn it',
  INPUT_POWER_ONLY:
    'efficiency cannot be observed from input power alone (a loss looks like more load): configure a metered process driver',
  NO_DATA: 'too few usable readings in the window',
} as const;
export type JudgementReason = keyof typeof JUDGEMENT_REASONS;

export const JudgementSchema = z.object({
  status: z.enum(['judged', 'learning', 'outside_baseline', 'not_judged', 'not_observable']),
  reason: z.enum(Object.keys(JUDGEMENT_REASONS) as [JudgementReason]).optional(),
  /** while learning: share of the operating data needed that has been seen, 0..1 */
  progress: z.number().optional(),
});
export type Judgement = z.infer<typeof JudgementSchema>;

/** A device's efficiency KPI as the console shows it (socket.io `kpis`, REST /api/kpis). */
const grade = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal('below')]);
const bilingual = z.object({ en: z.string(), zh: z.string() });

export const DeviceKpiSchema = z
  .object({
    plantId: z.string(),
    deviceId: z.string(),
    class: z.enum(EQUIPMENT_CLASSES),
    /** data time of the end of the window the KPI covers */
    ts: z.number(),
    name: bilingual,
    value: z.number(),
    unit: z.string(),
    /** grade at this operating point: 1 best, 3 the legal minimum, 'below' worse than grade 3 */
    grade: grade.optional(),
    /** NDRC level where it applies: 标杆 benchmark, 基准 baseline, or below 基准 */
    ndrc: z.enum(['benchmark', 'baseline', 'below']).optional(),
    /** the class limit at this operating point, in `unit` */
    limit: z.number().optional(),
    levels: z
      .object({
        grade1: z.number().optional(),
        grade2: z.number().optional(),
        grade3: z.number().optional(),
        benchmark: z.number().optional(),
        baseline: z.number().optional(),
      })
      .optional(),
    higherIsBetter: z.boolean(),
    /** the baseline figures are not confirmed against the standard's text */
    unverified: z.boolean(),
    citation: z.string().optional(),
    /** the device's own learned baseline: learning, or monitoring with the latest standardised residual */
    drift: z.object({ phase: z.enum(['fit', 'calibrate', 'monitor']), z: z.number().optional() }),
    /** operating state at this window, from the unit's own telemetry */
    state: z.enum(OPERATING_STATES),
    /** whether efficiency was judged at this window, and why not */
    judgement: JudgementSchema,
    /**
     * false when the class's efficiency cannot be observed from the meters (a motor with input power only): the KPI
     * is then a measured quantity (input power, or specific energy against a process driver), never an assumed
     * efficiency
     */
    observable: z.boolean(),
    /** energy use and CO₂ rate at the latest reading */
    energy: z.object({ kgcePerH: z.number(), kgCo2PerH: z.number() }).optional(),
  })
  .meta({ id: 'DeviceKpi' });
export type DeviceKpi = z.infer<typeof DeviceKpiSchema>;

/** A plant's alarm flood began or ended (ISA-18.2: > 10 new alerts in 10 minutes; ends below 5). */
export const FloodEventSchema = z
  .object({
    plantId: z.string(),
    active: z.boolean(),
    /** wall-clock time, epoch ms */
    at: z.number(),
    /** new alerts in the last 10 minutes */
    count: z.number().int(),
  })
  .meta({ id: 'FloodEvent' });
export type FloodEvent = z.infer<typeof FloodEventSchema>;

/** One entry of the detection audit log (re-learn actions). */
export const DetectionAuditEntrySchema = z
  .object({
    action: z.literal('relearn'),
    plantId: z.string(),
    deviceId: z.string(),
    by: z.string(),
    reason: z.string(),
    /** wall-clock time, epoch ms */
    at: z.number(),
  })
  .meta({ id: 'DetectionAuditEntry' });
export type DetectionAuditEntry = z.infer<typeof DetectionAuditEntrySchema>;

/**
 * The plant's equipment register finding for one unit: its nameplate grade against the class standard (an
 * inventory fact, not a live alarm; a motor's IE class against GB 18613).
 */
export const RegisterEntrySchema = z
  .object({
    plantId: z.string(),
    deviceId: z.string(),
    class: z.enum(EQUIPMENT_CLASSES),
    /** what was graded, e.g. 'rated efficiency 94.5 %' */
    basis: z.string(),
    grade: grade.optional(),
    /** the graded figure (e.g. the rated efficiency) and its unit */
    value: z.number().optional(),
    unit: z.string().optional(),
    /** the legal minimum (grade 3) it was compared with, in the same unit */
    limit: z.number().optional(),
    finding: z.enum(['meets', 'below_minimum', 'not_graded']),
    citation: z.string().optional(),
    unverified: z.boolean(),
  })
  .meta({ id: 'RegisterEntry' });
export type RegisterEntry = z.infer<typeof RegisterEntrySchema>;

/** Shelving is limited in time (ISA-18.2): the longest a user may shelve an alert. */
export const MAX_SHELVE_MS = 24 * 3_600_000;
