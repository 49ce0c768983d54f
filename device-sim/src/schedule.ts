/**
 * Load factor over the day for a two-shift plant: full production 08:00-20:00 local time, reduced at night,
 * with smooth ramps between. Returns a value in (0, 1]. Plant local time is China Standard Time (UTC+8).
 */
export function shiftLoad(tsMs: number, day = 0.85, night = 0.45): number {
  const hour = (((tsMs / 3_600_000 + 8) % 24) + 24) % 24;
  const ramp = (h: number, start: number) => Math.min(1, Math.max(0, h - start));
  const up = ramp(hour, 7); // 07:00-08:00 ramp up
  const down = ramp(hour, 20); // 20:00-21:00 ramp down
  const frac = hour < 20 ? up : 1 - down;
  return night + (day - night) * frac;
}
