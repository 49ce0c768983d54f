import type { EquipmentClass } from './equipment-classes.js';

/**
 * Alerts as the platform publishes them (socket.io `alert`, REST /api/alerts, webhooks). Managed the ISA-18.2 way:
 * one open alert per (device, rule); open → acknowledged → resolved; shelving with a reason and a time limit.
 */
export type AlertKind = 'efficiency' | 'drift' | 'data_quality' | 'energy_balance' | 'flood';
export type AlertPriority = 'low' | 'medium' | 'high';
export type AlertState = 'open' | 'acknowledged' | 'shelved' | 'resolved';

export interface AlertTransition {
  state: AlertState;
  /** wall-clock time of the action, epoch ms */
  at: number;
  /** 'system' for automatic transitions, else the user */
  by: string;
  comment?: string;
}

export interface Alert {
  id: string;
  plantId: string;
  deviceId: string;
  class: EquipmentClass;
  /** rule id, e.g. 'class.motor.efficiency' or 'drift.cusum' */
  rule: string;
  kind: AlertKind;
  priority: AlertPriority;
  state: AlertState;
  /** data time (from the readings) when the condition started */
  openedAt: number;
  /** data time when the clear condition held, if resolved automatically */
  clearedAt?: number;
  message: { en: string; zh: string };
  /** rule parameters, baseline values and their version, the KPI window that triggered it */
  evidence: Record<string, unknown>;
  flags: { chattering?: boolean; stale?: boolean; unverifiedBaseline?: boolean };
  /** while shelved: until when (wall clock), why, by whom, and the state to return to */
  shelved?: { until: number; reason: string; by: string; resume: 'open' | 'acknowledged' };
  /** wall-clock time of the last change */
  updatedAt?: number;
  /** the audit trail: its first and its latest entries (ALERT_HISTORY_LIMITS), oldest first */
  history: AlertTransition[];
  /** entries dropped from the middle of `history` to keep it bounded; absent when none were */
  historyElided?: number;
}

/**
 * An alert's audit trail keeps its first entries (how it began) and its latest ones (where it stands), and counts
 * those in between: shelving and unshelving are user actions without a limit, so a kept-whole trail would grow
 * with every request.
 */
export const ALERT_HISTORY_LIMITS = { first: 10, last: 40 } as const;
