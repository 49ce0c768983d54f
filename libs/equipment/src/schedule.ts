/**
 * A plant's declared production schedule as a relative load in (0, 1]: a driver for units whose meters carry no
 * output quantity (motors). Default: two shifts, full production 08:00-20:00 plant time (UTC+8), reduced at night,
 * one-hour ramps. A plant with a different pattern configures its own; a process quantity metered next to the
 * motor (throughput, flow) is a better driver where one exists.
 */
export interface ShiftPattern {
  day: number;
  night: number;
  /** hour the morning ramp starts, plant time */
  rampUpAt: number;
  /** hour the evening ramp starts */
  rampDownAt: number;
  utcOffsetHours: number;
}

export const TWO_SHIFT: ShiftPattern = { day: 0.85, night: 0.45, rampUpAt: 7, rampDownAt: 20, utcOffsetHours: 8 };

export function twoShiftSchedule(p: ShiftPattern = TWO_SHIFT): (ts: number) => number {
  return (ts) => {
    const hour = (((ts / 3_600_000 + p.utcOffsetHours) % 24) + 24) % 24;
    const up = Math.min(1, Math.max(0, hour - p.rampUpAt));
    const down = Math.min(1, Math.max(0, hour - p.rampDownAt));
    const frac = hour < p.rampDownAt ? up : 1 - down;
    return p.night + (p.day - p.night) * frac;
  };
}
