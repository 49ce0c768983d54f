import { TOU_BAND_NAMES, type PriceEntry, type TariffEntry } from '#contracts';
import { checkSchedule, type TouSchedule } from '#ledger';
import type { Problem } from './validate-entry.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const realDate = (v: unknown): v is string =>
  typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && v.slice(5, 7) <= '12';
const price = (v: unknown, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;

/** validFrom and validTo of a tariff or price: real dates, the end after the start (a notice may be ahead of time). */
function validity(b: Record<string, unknown>, problems: Problem[]): { validFrom: string; validTo?: string } {
  if (b.validFrom === undefined)
    problems.push({ reason: 'FIELD_MISSING', field: 'validFrom', detail: 'validFrom is required' });
  else if (!realDate(b.validFrom))
    problems.push({ reason: 'PERIOD_INVALID', field: 'validFrom', detail: 'validFrom must be a date YYYY-MM-DD' });
  if (b.validTo !== undefined && (!realDate(b.validTo) || (realDate(b.validFrom) && b.validTo <= b.validFrom)))
    problems.push({ reason: 'PERIOD_INVALID', field: 'validTo', detail: 'validTo must be a date after validFrom' });
  return { validFrom: b.validFrom as string, ...(b.validTo !== undefined ? { validTo: b.validTo as string } : {}) };
}

/** The tariff fields of a `tariff` entry (pure): seasons tiling each day and covering the twelve months once. */
export function tariffFields(
  b: Record<string, unknown>,
  problems: Problem[],
): Omit<TariffEntry, 'kind' | 'plantId' | 'by' | 'note'> {
  const v = validity(b, problems);
  if (!price(b.flatPrice, 100))
    problems.push({ reason: 'FIELD_INVALID', field: 'flatPrice', detail: 'flatPrice must be CNY/kWh, 0 to 100' });
  const ratio = b.ratio as Record<string, unknown> | undefined;
  if (typeof ratio !== 'object' || ratio === null || TOU_BAND_NAMES.some((k) => !price(ratio[k], 10)))
    problems.push({
      reason: 'FIELD_INVALID',
      field: 'ratio',
      detail: `ratio must give ${TOU_BAND_NAMES.join(', ')}, each a number 0 to 10`,
    });
  const seasons = b.seasons;
  const shapeOk =
    Array.isArray(seasons) &&
    seasons.length > 0 &&
    seasons.length <= 12 &&
    seasons.every(
      (s: { months?: unknown; segments?: unknown }) =>
        Array.isArray(s?.months) &&
        s.months.every((m) => Number.isInteger(m) && m >= 1 && m <= 12) &&
        Array.isArray(s.segments) &&
        s.segments.length > 0 &&
        s.segments.length <= 48 &&
        s.segments.every(
          (g: { from?: unknown; to?: unknown; band?: unknown }) =>
            typeof g?.from === 'string' &&
            HHMM.test(g.from) &&
            typeof g.to === 'string' &&
            HHMM.test(g.to) &&
            TOU_BAND_NAMES.includes(g.band as never),
        ),
    );
  if (!shapeOk)
    problems.push({
      reason: 'FIELD_INVALID',
      field: 'seasons',
      detail: 'seasons must be [{months: [1-12…], segments: [{from: "HH:MM", to: "HH:MM", band}]}]',
    });
  else {
    const gaps = checkSchedule({ seasons } as unknown as TouSchedule);
    if (gaps.length) problems.push({ reason: 'FIELD_INVALID', field: 'seasons', detail: gaps.join('; ') });
  }
  if (b.document !== undefined && (typeof b.document !== 'string' || !/^[\s\S]{1,300}$/.test(b.document)))
    problems.push({ reason: 'FIELD_INVALID', field: 'document', detail: 'document must be 1-300 characters' });
  return {
    ...v,
    flatPrice: b.flatPrice as number,
    ratio: ratio as TariffEntry['ratio'],
    seasons: seasons as TariffEntry['seasons'],
    ...(b.document !== undefined ? { document: b.document as string } : {}),
  };
}

/** The price fields of a `price` entry (pure). */
export function priceFields(
  b: Record<string, unknown>,
  problems: Problem[],
): Pick<PriceEntry, 'price' | 'validFrom' | 'validTo'> {
  const v = validity(b, problems);
  if (!price(b.price, 1e7))
    problems.push({ reason: 'FIELD_INVALID', field: 'price', detail: 'price must be CNY per unit, 0 to 10,000,000' });
  return { ...v, price: b.price as number };
}
