import { DateTime } from 'luxon';
import type { ExportKind } from '#contracts';
import { exportKey } from './export-log.js';

/** a day or month is pushed once it has been closed this long: gateways that spooled readings send them late */
export const EXPORT_GRACE_MS = 3_600_000;

export interface DueExport {
  enterprise: string;
  kind: ExportKind;
  period: string;
  subscribers: string[];
}

export interface DueInput {
  now: number;
  zone: string;
  /** per enterprise, the platforms that take its daily and its monthly exports */
  enterprises: Array<{ id: string; daily: string[]; monthly: string[] }>;
  /** `exportKey`s already queued (and not failed) */
  done: ReadonlySet<string>;
  graceMs?: number;
}

/** The first instant the schedule looks at: the start of the previous month (plant-local). */
export const lookBackFrom = (now: number, zone: string): number =>
  DateTime.fromMillis(now, { zone }).startOf('month').minus({ months: 1 }).toMillis();

/**
 * What the schedule owes (pure): every day of the previous and the current month and the previous month itself,
 * closed for at least the grace period, that a platform takes and has not been queued for it; oldest first.
 */
export function dueExports(x: DueInput): DueExport[] {
  const grace = x.graceMs ?? EXPORT_GRACE_MS;
  const first = DateTime.fromMillis(lookBackFrom(x.now, x.zone), { zone: x.zone });
  const periods: Array<{ kind: ExportKind; label: string; end: number }> = [];
  for (let d = first; d.toMillis() < x.now; d = d.plus({ days: 1 }))
    periods.push({ kind: 'daily', label: d.toISODate()!, end: d.plus({ days: 1 }).toMillis() });
  periods.push({ kind: 'monthly', label: first.toFormat('yyyy-MM'), end: first.plus({ months: 1 }).toMillis() });
  const out: DueExport[] = [];
  for (const p of periods) {
    if (p.end + grace > x.now) continue;
    for (const e of x.enterprises) {
      const subscribers = e[p.kind].filter((s) => !x.done.has(exportKey(s, e.id, p.kind, p.label)));
      if (subscribers.length) out.push({ enterprise: e.id, kind: p.kind, period: p.label, subscribers });
    }
  }
  return out;
}
