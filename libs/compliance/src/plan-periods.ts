import { DateTime } from 'luxon';
import type { PlanGranularity } from '#contracts';

/** A statistical period of the plan's report: calendar month, quarter or year in the given zone, and its months. */
export interface PlanPeriodSpan {
  label: string;
  start: number;
  end: number;
  /** the calendar months (YYYY-MM) it is made of */
  months: string[];
}

const LABEL = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

function startOf(label: string, g: PlanGranularity, zone: string): DateTime {
  const m = LABEL.exec(label);
  if (!m) throw new Error(`${label}: not a period label (YYYY, YYYY-Qn, YYYY-MM)`);
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : m[3] ? (Number(m[3]) - 1) * 3 + 1 : 1;
  const kind = m[2] ? 'month' : m[3] ? 'quarter' : 'year';
  if (kind !== g) throw new Error(`${label} is a ${kind} label; the report is by ${g}`);
  return DateTime.fromObject({ year, month, day: 1 }, { zone });
}

const STEP: Record<PlanGranularity, number> = { month: 1, quarter: 3, year: 12 };

/** The periods from `from` to `to` (labels of the granularity, both included), oldest first; at most `max`. */
export function planPeriods(g: PlanGranularity, from: string, to: string, zone: string, max = 120): PlanPeriodSpan[] {
  let at = startOf(from, g, zone);
  const last = startOf(to, g, zone);
  if (last < at) throw new Error('to is before from');
  const out: PlanPeriodSpan[] = [];
  while (at <= last) {
    if (out.length === max) throw new Error(`more than ${max} periods asked for`);
    const end = at.plus({ months: STEP[g] });
    const months: string[] = [];
    for (let m = at; m < end; m = m.plus({ months: 1 })) months.push(m.toFormat('yyyy-MM'));
    const label =
      g === 'month'
        ? at.toFormat('yyyy-MM')
        : g === 'quarter'
          ? `${at.year}-Q${Math.ceil(at.month / 3)}`
          : `${at.year}`;
    out.push({ label, start: at.toMillis(), end: end.toMillis(), months });
    at = end;
  }
  return out;
}
