import type { EquipmentClass } from '#contracts';

/**
 * Daily load schedules. A schedule gives the load factor β at a data time; plant local time is China Standard
 * Time (UTC+8) unless `utcOffsetHours` says otherwise. Shifts ramp linearly over `rampMinutes` at each edge.
 */
export interface ShiftSpec {
  /** local time HH:MM */
  start: string;
  end: string;
  load: number;
}
export interface ScheduleSpec {
  /** load outside every shift */
  base: number;
  shifts: ShiftSpec[];
  rampMinutes?: number;
  /** multiplier on Saturdays and Sundays (1 = same as weekdays) */
  weekend?: number;
  utcOffsetHours?: number;
}

export const SCHEDULES: Record<string, ScheduleSpec> = {
  /** two shifts 08:00-20:00 at 85 %, night at 45 % (the foundation's demo profile) */
  'two-shift': { base: 0.45, shifts: [{ start: '08:00', end: '20:00', load: 0.85 }], rampMinutes: 60 },
  /** three shifts, continuous process: kilns, boilers on process steam */
  continuous: { base: 0.9, shifts: [], weekend: 1 },
  /** one day shift, idle at night and lighter at weekends */
  'day-shift': {
    base: 0.2,
    shifts: [{ start: '08:00', end: '17:00', load: 0.8 }],
    rampMinutes: 30,
    weekend: 0.5,
  },
};

/** Default schedule per class: thermal processes run round the clock. */
export const CLASS_SCHEDULE: Record<EquipmentClass, string> = {
  motor: 'two-shift',
  transformer: 'two-shift',
  boiler: 'continuous',
  kiln: 'continuous',
  compressor: 'two-shift',
  pump: 'two-shift',
  fan: 'continuous',
};

const minutes = (hhmm: string): number => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`schedule: bad time ${JSON.stringify(hhmm)} (use HH:MM)`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** Load factor β at data time `tsMs` under `spec`. Pure. */
export function scheduleLoad(spec: ScheduleSpec, tsMs: number): number {
  const local = tsMs + (spec.utcOffsetHours ?? 8) * 3_600_000;
  const minuteOfDay = (((local / 60_000) % 1440) + 1440) % 1440;
  const ramp = Math.max(1e-9, spec.rampMinutes ?? 0);
  let load = spec.base;
  for (const s of spec.shifts) {
    const a = minutes(s.start);
    let b = minutes(s.end);
    if (b <= a) b += 1440; // a night shift crossing midnight
    let m = minuteOfDay;
    if (m < a - ramp && b > 1440) m += 1440;
    // ramp up over [a − ramp, a], hold, ramp down over [b, b + ramp]
    const up = Math.min(1, Math.max(0, (m - (a - ramp)) / ramp));
    const down = Math.min(1, Math.max(0, (b + ramp - m) / ramp));
    load = Math.max(load, spec.base + (s.load - spec.base) * Math.min(up, down));
  }
  const weekday = new Date(local).getUTCDay();
  if (weekday === 0 || weekday === 6) load *= spec.weekend ?? 1;
  return load;
}

/** The foundation's two-shift profile, kept for callers that want the default. */
export function shiftLoad(tsMs: number): number {
  return scheduleLoad(SCHEDULES['two-shift'], tsMs);
}
