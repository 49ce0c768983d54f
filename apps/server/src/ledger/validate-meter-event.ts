import type { MeterSwapEntry, RolloverEntry } from '#contracts';
import type { EntryContext, Problem } from './validate-entry.js';

type Fields<E> = Omit<E, 'kind' | 'plantId' | 'by' | 'note'>;

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
/** a register's reading: an 8-digit kWh register is below 10⁸; 10¹⁵ is far beyond any meter */
const MAX_READING = 1e15;
const reading = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < MAX_READING;

/** `ts` as epoch ms or ISO-8601 with a zone, not in the future: the epoch ms, or undefined with the problem noted */
export function timestamp(b: Record<string, unknown>, problems: Problem[], nowMs?: number): number | undefined {
  const raw = b.ts;
  const ms =
    typeof raw === 'number' && Number.isInteger(raw) && raw > 0
      ? raw
      : typeof raw === 'string' && /(Z|[+-]\d\d:?\d\d)$/.test(raw)
        ? Date.parse(raw)
        : NaN;
  if (raw === undefined) problems.push({ reason: 'FIELD_MISSING', field: 'ts', detail: 'ts is required' });
  else if (!Number.isFinite(ms))
    problems.push({ reason: 'FIELD_INVALID', field: 'ts', detail: 'ts must be epoch ms or ISO-8601 with a zone' });
  else if (nowMs !== undefined && ms > nowMs)
    problems.push({
      reason: 'PERIOD_INVALID',
      field: 'ts',
      detail: `ts ${new Date(ms).toISOString()} is in the future`,
    });
  else return ms;
  return undefined;
}

/**
 * The meter, category and time of a swap or roll-over (pure): the meter must be one of the plant's devices with a
 * register of that category, or a meter read by hand in it (METER_NO_REGISTER otherwise: a figure integrated from
 * rates has no register to swap).
 */
function meterFields(b: Record<string, unknown>, plantId: string | undefined, ctx: EntryContext, problems: Problem[]) {
  const meterId = b.meterId;
  const category = b.category;
  if (meterId === undefined)
    problems.push({ reason: 'FIELD_MISSING', field: 'meterId', detail: 'meterId is required' });
  else if (typeof meterId !== 'string' || !ID.test(meterId))
    problems.push({ reason: 'FIELD_INVALID', field: 'meterId', detail: `meterId must match ${ID}` });
  if (category === undefined)
    problems.push({ reason: 'FIELD_MISSING', field: 'category', detail: 'category is required' });
  else if (typeof category !== 'string' || !ctx.categories.includes(category))
    problems.push({ reason: 'CATEGORY_UNKNOWN', field: 'category', detail: `no energy category ${String(category)}` });
  if (plantId && ctx.hasPlant(plantId) && typeof meterId === 'string' && ID.test(meterId)) {
    const registers = ctx.registersOf?.(plantId, meterId);
    if (registers === undefined)
      problems.push({ reason: 'DEVICE_UNKNOWN', field: 'meterId', detail: `no meter ${meterId} in plant ${plantId}` });
    else if (typeof category === 'string' && ctx.categories.includes(category) && !registers.includes(category))
      problems.push({
        reason: 'METER_NO_REGISTER',
        field: 'category',
        detail: `meter ${meterId} has no ${category} register (${registers.join(', ') || 'none'})`,
      });
  }
  const ts = timestamp(b, problems, ctx.nowMs);
  return { meterId: meterId as string, category: category as string, ts: b.ts as number | string, tsOk: ts };
}

function modulus(b: Record<string, unknown>, required: boolean, problems: Problem[]): number | undefined {
  const v = b.rollover;
  if (v === undefined) {
    if (required) problems.push({ reason: 'FIELD_MISSING', field: 'rollover', detail: 'rollover is required' });
    return undefined;
  }
  // a register's range is a power of ten (an 8-digit register wraps at 10⁸); anything else is a typing error
  if (typeof v !== 'number' || !Number.isInteger(Math.log10(v)) || v < 10 || v > MAX_READING) {
    problems.push({
      reason: 'FIELD_INVALID',
      field: 'rollover',
      detail: 'rollover must be the register’s modulus, a power of ten from 10 to 10¹⁵ (8 digits: 100000000)',
    });
    return undefined;
  }
  return v;
}

/** The fields of a `meter_swap` entry: readings of both meters within their registers' range. */
export function swapFields(
  b: Record<string, unknown>,
  plantId: string | undefined,
  ctx: EntryContext,
  problems: Problem[],
): Fields<MeterSwapEntry> {
  const { tsOk: _, ...m } = meterFields(b, plantId, ctx, problems);
  for (const f of ['oldFinal', 'newInitial'])
    if (b[f] === undefined) problems.push({ reason: 'FIELD_MISSING', field: f, detail: `${f} is required` });
    else if (!reading(b[f]))
      problems.push({ reason: 'FIELD_INVALID', field: f, detail: `${f} must be a register reading, 0 to below 10¹⁵` });
  const limit = modulus(b, false, problems);
  if (limit !== undefined && reading(b.newInitial) && b.newInitial >= limit)
    problems.push({
      reason: 'FIELD_INVALID',
      field: 'newInitial',
      detail: `the new meter's initial reading ${b.newInitial} is not below its modulus ${limit}`,
    });
  return {
    ...m,
    oldFinal: b.oldFinal as number,
    newInitial: b.newInitial as number,
    ...(limit !== undefined ? { rollover: limit } : {}),
  };
}

/** The fields of a `meter_rollover` entry. */
export function rolloverFields(
  b: Record<string, unknown>,
  plantId: string | undefined,
  ctx: EntryContext,
  problems: Problem[],
): Fields<RolloverEntry> {
  const { tsOk: _, ...m } = meterFields(b, plantId, ctx, problems);
  return { ...m, rollover: modulus(b, true, problems)! };
}
