import { z } from 'zod';
import { EQUIPMENT_CLASSES } from './equipment-classes.js';

/**
 * Alerts as the platform publishes them (socket.io `alert`, REST /api/alerts, webhooks). Managed the ISA-18.2 way:
 * one open alert per (device, rule); open → acknowledged → resolved; shelving with a reason and a time limit.
 */
export const ALERT_KINDS = ['efficiency', 'drift', 'data_quality', 'energy_balance', 'flood'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_PRIORITIES = ['low', 'medium', 'high'] as const;
export type AlertPriority = (typeof ALERT_PRIORITIES)[number];
export const ALERT_STATES = ['open', 'acknowledged', 'shelved', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const AlertTransitionSchema = z
  .object({
    state: z.enum(ALERT_STATES),
    /** wall-clock time of the action, epoch ms */
    at: z.number(),
    /** 'system' for automatic transitions, else the user */
    by: z.string(),
    comment: z.string().optional(),
  })
  .meta({ id: 'AlertTransition' });
export type AlertTransition = z.infer<typeof AlertTransitionSchema>;

export const AlertSchema = z
  .object({
    id: z.string(),
    plantId: z.string(),
    deviceId: z.string(),
    class: z.enum(EQUIPMENT_CLASSES),
    /** rule id, e.g. 'class.motor.efficiency' or 'drift.cusum' */
    rule: z.string(),
    kind: z.enum(ALERT_KINDS),
    priority: z.enum(ALERT_PRIORITIES),
    state: z.enum(ALERT_STATES),
    /** data time (from the readings) when the condition started */
    openedAt: z.number(),
    /** data time when the clear condition held, if resolved automatically */
    clearedAt: z.number().optional(),
    message: z.object({ en: z.string(), zh: z.string() }),
    /** rule parameters, baseline values and their version, the KPI window that triggered it */
    evidence: z.record(z.string(), z.unknown()),
    flags: z.object({
      chattering: z.boolean().optional(),
      stale: z.boolean().optional(),
      unverifiedBaseline: z.boolean().optional(),
    }),
    /** while shelved: until when (wall clock), why, by whom, and the state to return to */
    shelved: z
      .object({ until: z.number(), reason: z.string(), by: z.string(), resume: z.enum(['open', 'acknowledged']) })
      .optional(),
    /** wall-clock time of the last change */
    updatedAt: z.number().optional(),
    /** the audit trail: its first and its latest entries (ALERT_HISTORY_LIMITS), oldest first */
    history: z.array(AlertTransitionSchema),
    /** entries dropped from the middle of `history` to keep it bounded; absent when none were */
    historyElided: z.number().int().optional(),
  })
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof AlertSchema>;

/**
 * An alert's audit trail keeps its first entries (how it began) and its latest ones (where it stands), and counts
 * those in between: shelving and unshelving are user actions without a limit, so a kept-whole trail would grow
 * with every request.
 */
export const ALERT_HISTORY_LIMITS = { first: 10, last: 40 } as const;
