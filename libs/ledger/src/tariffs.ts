import { DateTime } from 'luxon';
import type { Citation } from './cite.js';
import type { Span } from './meters/spread.js';

/** 尖峰 / 峰 / 平 / 谷 */
export type TouBand = 'sharp' | 'peak' | 'flat' | 'valley';
export const TOU_BANDS: readonly TouBand[] = ['sharp', 'peak', 'flat', 'valley'];

export interface TouSegment {
  /** local time HH:MM, inclusive */
  from: string;
  /** local time HH:MM, exclusive; 24:00 for midnight */
  to: string;
  band: TouBand;
}

/**
 * A time-of-use schedule: for each set of months, the day's segments (which must cover 00:00-24:00), and the price of
 * each band as a ratio of the flat price (the flat price itself depends on the voltage class and the month's
 * agency purchase price, so the site enters it).
 */
export interface TouSchedule {
  id: string;
  validFrom: string;
  validTo?: string;
  seasons: ReadonlyArray<{ months: readonly number[]; segments: readonly TouSegment[] }>;
  ratio: Record<TouBand, number>;
  cite: Citation;
}

/**
 * An example of a provincial schedule in the shape above, NOT checked against the current notice: Shaanxi's
 * 1.5 : 1 : 0.5 peak/flat/valley ratios with sharp peak 20 % above peak in July, August, December and January, as
 * recalled. A site must replace it from the notice in force for its voltage class.
 */
export const SHAANXI_TOU_RECALLED: TouSchedule = {
  id: 'shaanxi-tou-recalled',
  validFrom: '2022-01-01',
  seasons: [
    {
      months: [7, 8],
      segments: [
        { from: '00:00', to: '07:00', band: 'valley' },
        { from: '07:00', to: '08:00', band: 'flat' },
        { from: '08:00', to: '11:30', band: 'peak' },
        { from: '11:30', to: '18:30', band: 'flat' },
        { from: '18:30', to: '19:30', band: 'peak' },
        { from: '19:30', to: '21:30', band: 'sharp' },
        { from: '21:30', to: '23:00', band: 'peak' },
        { from: '23:00', to: '24:00', band: 'valley' },
      ],
    },
    {
      months: [1, 12],
      segments: [
        { from: '00:00', to: '07:00', band: 'valley' },
        { from: '07:00', to: '08:00', band: 'flat' },
        { from: '08:00', to: '11:30', band: 'peak' },
        { from: '11:30', to: '18:30', band: 'flat' },
        { from: '18:30', to: '20:30', band: 'sharp' },
        { from: '20:30', to: '23:00', band: 'peak' },
        { from: '23:00', to: '24:00', band: 'valley' },
      ],
    },
    {
      months: [2, 3, 4, 5, 6, 9, 10, 11],
      segments: [
        { from: '00:00', to: '07:00', band: 'valley' },
        { from: '07:00', to: '08:00', band: 'flat' },
        { from: '08:00', to: '11:30', band: 'peak' },
        { from: '11:30', to: '18:30', band: 'flat' },
        { from: '18:30', to: '23:00', band: 'peak' },
        { from: '23:00', to: '24:00', band: 'valley' },
      ],
    },
  ],
  ratio: { sharp: 1.8, peak: 1.5, flat: 1, valley: 0.5 },
  cite: {
    document: '陕西省发展和改革委员会 分时电价机制通知 (number not checked)',
    year: '2021',
    table: 'time-of-use periods and ratios',
    confidence: 'recalled',
    note: 'example only: replace from the notice in force',
  },
};

const minutes = (hhmm: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new RangeError(`time must be HH:MM, got ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** The instant of a local clock time on a day (24:00 is the next midnight; a DST day keeps its wall clock). */
function clock(day: DateTime, hhmm: string): number {
  const m = minutes(hhmm);
  if (m === 1440) return day.plus({ days: 1 }).toMillis();
  return day.set({ hour: Math.floor(m / 60), minute: m % 60 }).toMillis();
}

/** Checks that every season's segments tile the day and every month appears once; returns the problems. */
export function checkSchedule(s: Pick<TouSchedule, 'seasons'>): string[] {
  const problems: string[] = [];
  const months = s.seasons.flatMap((x) => [...x.months]).sort((a, b) => a - b);
  if (months.join() !== '1,2,3,4,5,6,7,8,9,10,11,12') problems.push(`months covered: ${months.join(',')}`);
  for (const season of s.seasons) {
    let at = 0;
    for (const seg of season.segments) {
      if (minutes(seg.from) !== at) problems.push(`months ${season.months.join(',')}: gap or overlap at ${seg.from}`);
      at = minutes(seg.to);
    }
    if (at !== 1440) problems.push(`months ${season.months.join(',')}: day ends at ${at} min, not 24:00`);
  }
  return problems;
}

export interface ElectricitySlot extends Span {
  kWh: number;
}

export interface TouCost {
  byBand: Record<TouBand, { kWh: number; cost: number }>;
  kWh: number;
  cost: number;
  scheduleId: string;
}

/**
 * Electricity cost by band: each slot's energy is split over the bands its span crosses in proportion to time
 * (15-minute slots fall inside one band when the schedule changes on the quarter hour), priced at
 * flat price × band ratio. The schedule is the one valid on each slot's local date.
 */
export function touCost(
  slots: readonly ElectricitySlot[],
  schedule: TouSchedule,
  flatPrice: number,
  zone = 'Asia/Shanghai',
): TouCost {
  const problems = checkSchedule(schedule);
  if (problems.length) throw new RangeError(`schedule ${schedule.id}: ${problems.join('; ')}`);
  const byBand = Object.fromEntries(TOU_BANDS.map((b) => [b, { kWh: 0, cost: 0 }])) as TouCost['byBand'];
  for (const slot of slots) {
    const len = slot.end - slot.start;
    if (!(len > 0)) continue;
    let day = DateTime.fromMillis(slot.start, { zone }).startOf('day');
    while (day.toMillis() < slot.end) {
      const date = day.toFormat('yyyy-MM-dd');
      if (date < schedule.validFrom || (schedule.validTo && date >= schedule.validTo))
        throw new RangeError(`schedule ${schedule.id} is not valid on ${date}`);
      const season = schedule.seasons.find((s) => s.months.includes(day.month))!;
      for (const seg of season.segments) {
        const s = Math.max(slot.start, clock(day, seg.from));
        const e = Math.min(slot.end, clock(day, seg.to));
        if (e <= s) continue;
        const kWh = (slot.kWh * (e - s)) / len;
        byBand[seg.band].kWh += kWh;
        byBand[seg.band].cost += kWh * flatPrice * schedule.ratio[seg.band];
      }
      day = day.plus({ days: 1 });
    }
  }
  const kWh = TOU_BANDS.reduce((s, b) => s + byBand[b].kWh, 0);
  const cost = TOU_BANDS.reduce((s, b) => s + byBand[b].cost, 0);
  return { byBand, kWh, cost, scheduleId: schedule.id };
}

/** A fuel's price per unit of its category (CNY/t, CNY/Nm³) over a validity period. */
export interface FuelPrice {
  category: string;
  price: number;
  unit: string;
  validFrom: string;
  validTo?: string;
}

/** Cost of a quantity at the price valid on the date; undefined when no price covers it. */
export function fuelCost(
  category: string,
  quantity: number,
  date: string,
  prices: readonly FuelPrice[],
): { cost: number; price: FuelPrice } | undefined {
  const price = prices
    .filter((p) => p.category === category && p.validFrom <= date && (!p.validTo || date < p.validTo))
    .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1))
    .at(-1);
  return price ? { cost: quantity * price.price, price } : undefined;
}
