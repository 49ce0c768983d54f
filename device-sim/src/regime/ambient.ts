import type { AmbientSpec } from '#contracts';
import { hashNormal } from './hash.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Outdoor air temperature, °C: the seasonal curve (coldest on `coldestDay`), a daily wave (warmest at 15:00 plant
 * time), and day-to-day weather drawn per day (seeded by the plant, so units of one site share it) and interpolated
 * between noons so that it has no steps. Pure.
 */
export function ambientAt(
  a: AmbientSpec,
  siteSeed: number,
  ts: number,
  utcOffsetHours = 8,
  weatherOf: (d: number) => number = (d) => hashNormal(siteSeed, 'weather', d),
): number {
  const local = ts + utcOffsetHours * HOUR;
  const dayOfYear = ((local / DAY) % 365.25) + 1; // epoch day 0 is 1 January
  const seasonal = -a.seasonalSwingC * Math.cos((2 * Math.PI * (dayOfYear - a.coldestDay)) / 365.25);
  const hour = (((local / HOUR) % 24) + 24) % 24;
  const daily = a.dailySwingC * Math.cos((2 * Math.PI * (hour - 15)) / 24);
  const x = local / DAY - 0.5;
  const d = Math.floor(x);
  const f = x - d;
  const weather = a.weatherC * ((1 - f) * weatherOf(d) + f * weatherOf(d + 1));
  return a.meanC + seasonal + daily + weather;
}
