import { DateTime } from 'luxon';

/**
 * Ledger periods in the plant's time zone (calendar days and months are local; Asia/Shanghai has no daylight
 * saving today but had it in 1986-1991, and a site elsewhere may; luxon does the calendar arithmetic).
 */
export type Granularity = '15min' | 'hour' | 'day' | 'month' | 'year';

export const DEFAULT_ZONE = 'Asia/Shanghai';

export interface Period {
  granularity: Granularity;
  /** epoch ms, inclusive */
  start: number;
  /** epoch ms, exclusive */
  end: number;
  zone: string;
  /** local label: 2024-03, 2024-03-05, 2024-03-05T08:15 */
  label: string;
  /** local date of the start, YYYY-MM-DD: selects the factors and tariffs that apply */
  date: string;
}

const LABEL: Record<Granularity, string> = {
  '15min': "yyyy-MM-dd'T'HH:mm",
  hour: "yyyy-MM-dd'T'HH:00",
  day: 'yyyy-MM-dd',
  month: 'yyyy-MM',
  year: 'yyyy',
};

const STEP: Record<Granularity, Record<string, number>> = {
  '15min': { minutes: 15 },
  hour: { hours: 1 },
  day: { days: 1 },
  month: { months: 1 },
  year: { years: 1 },
};

function local(t: number, zone: string): DateTime {
  const dt = DateTime.fromMillis(t, { zone });
  if (!dt.isValid) throw new RangeError(`invalid time ${t} or zone ${zone}: ${dt.invalidExplanation ?? ''}`);
  return dt;
}

function startOf(dt: DateTime, g: Granularity): DateTime {
  if (g === '15min') {
    const h = dt.startOf('hour');
    return h.plus({ minutes: Math.floor(dt.minute / 15) * 15 });
  }
  return dt.startOf(g);
}

function make(start: DateTime, g: Granularity): Period {
  const end = start.plus(STEP[g]);
  return {
    granularity: g,
    start: start.toMillis(),
    end: end.toMillis(),
    zone: start.zoneName ?? DEFAULT_ZONE,
    label: start.toFormat(LABEL[g]),
    date: start.toFormat('yyyy-MM-dd'),
  };
}

/** The period of a granularity that holds instant `t`. */
export function periodOf(t: number, g: Granularity, zone: string = DEFAULT_ZONE): Period {
  return make(startOf(local(t, zone), g), g);
}

/** The consecutive periods that overlap [from, to). */
export function periodsBetween(from: number, to: number, g: Granularity, zone: string = DEFAULT_ZONE): Period[] {
  const out: Period[] = [];
  let p = periodOf(from, g, zone);
  while (p.start < to) {
    out.push(p);
    p = make(local(p.end, zone), g);
  }
  return out;
}

/** The period with a local label (2024-03 for a month, 2024-03-05 for a day, …). */
export function periodOfLabel(label: string, g: Granularity, zone: string = DEFAULT_ZONE): Period {
  const dt = DateTime.fromFormat(label, LABEL[g], { zone });
  if (!dt.isValid) throw new RangeError(`not a ${g} label: ${label}`);
  return make(dt, g);
}

/** 环比: the period just before (the previous month of a month, the previous day of a day). */
export function previousPeriod(p: Period): Period {
  return make(startOf(local(p.start, p.zone).minus(STEP[p.granularity]), p.granularity), p.granularity);
}

/** 同比: the same period a year before (29 February falls back to 28 February). */
export function samePeriodLastYear(p: Period): Period {
  return make(startOf(local(p.start, p.zone).minus({ years: 1 }), p.granularity), p.granularity);
}

export interface Comparison {
  current: number;
  previous?: number;
  change?: number;
  /** (current − previous) / previous × 100; absent when there is no previous figure or it is 0 */
  changePct?: number;
}

export function compare(current: number, previous: number | undefined): Comparison {
  if (previous === undefined) return { current };
  const change = current - previous;
  return previous === 0
    ? { current, previous, change }
    : { current, previous, change, changePct: (change / previous) * 100 };
}
