import {
  LEDGER_ID,
  isRealDate,
  ManualEntrySchema,
  TariffEntrySchema,
  parseBody,
  ledgerCode,
  type ApiProblem,
  type ManualEntry,
} from '#contracts';
import { checkSchedule } from '#ledger';

export interface EntryContext {
  hasPlant(plantId: string): boolean;
  hasDevice(plantId: string, deviceId: string): boolean;
  categories: readonly string[];
  /** plant-local date today, YYYY-MM-DD: entries for the future are refused */
  today: string;
  /** now, epoch ms: a swap or roll-over in the future is refused */
  nowMs?: number;
  /**
   * the categories a meter has a register of (a device's energy register, a meter read by hand); undefined when the
   * plant has no such meter. Without it, swaps and roll-overs are refused as DEVICE_UNKNOWN.
   */
  registersOf?(plantId: string, meterId: string): readonly string[] | undefined;
}

/**
 * Checks a manual ledger entry (pure): its shape against ManualEntrySchema, then what needs the fleet and the day
 * (the plant, device and category exist, no date in the future, the tariff's seasons tile the year). Every problem
 * is listed at once, each with its ledger reason code and field; the references are checked on whatever fields
 * have the right type even when the shape has problems.
 */
export function validateEntry(body: unknown, ctx: EntryContext): { entry: ManualEntry } | { problems: ApiProblem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { problems: [{ path: '', code: 'BODY_INVALID', message: 'the body must be a JSON object' }] };
  // a field set to undefined is a field left out (as JSON has it)
  const b = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  const shape = parseBody(ManualEntrySchema, b, ledgerCode);
  if (!shape.ok && shape.problems.some((p) => p.code === 'KIND_UNKNOWN'))
    return { problems: shape.problems.filter((p) => p.code === 'KIND_UNKNOWN') };
  const problems = [...(shape.ok ? [] : shape.problems), ...references(b, ctx)];
  return problems.length || !shape.ok ? { problems } : { entry: shape.value };
}

const problem = (code: ApiProblem['code'], path: string, message: string): ApiProblem => ({ path, code, message });
/** a field that has the form of an id (one that has not is the schema's problem, not a reference's) */
const text = (v: unknown): v is string => typeof v === 'string' && LEDGER_ID.test(v);

/** What the schema cannot know: the fleet's plants, devices and the categories, today's date, a tariff's tiling. */
function references(b: Record<string, unknown>, ctx: EntryContext): ApiProblem[] {
  const out: ApiProblem[] = [];
  const plant = text(b.plantId) && ctx.hasPlant(b.plantId) ? b.plantId : undefined;
  if (text(b.plantId) && !plant) out.push(problem('PLANT_UNKNOWN', 'plantId', `no plant ${b.plantId}`));
  for (const f of b.kind === 'output' ? ['line'] : b.kind === 'correction' ? ['deviceId'] : [])
    if (plant && text(b[f]) && !ctx.hasDevice(plant, b[f]))
      out.push(problem('DEVICE_UNKNOWN', f, `no device ${b[f]} in plant ${plant}`));
  if (text(b.category) && b.category !== '*' && !ctx.categories.includes(b.category))
    out.push(problem('CATEGORY_UNKNOWN', 'category', `no energy category ${b.category}`));
  // a tariff's validity may start ahead of time (a notice published before it applies); a factor's may not
  const dated = b.kind === 'tariff' || b.kind === 'price' ? [] : ['date', 'period', 'validFrom'];
  for (const f of dated) {
    const v = b[f];
    if (typeof v === 'string' && (isRealDate(v) || isRealDate(`${v}-01`)) && v > ctx.today)
      out.push(problem('PERIOD_INVALID', f, `${f} ${v} is in the future`));
  }
  if (b.kind === 'meter_swap' || b.kind === 'meter_rollover') out.push(...meterEvent(b, plant, ctx));
  if (b.kind === 'tariff' && Array.isArray(b.seasons)) {
    const tariff = TariffEntrySchema.shape.seasons.safeParse(b.seasons);
    const gaps = tariff.success ? checkSchedule({ seasons: tariff.data }) : [];
    if (gaps.length) out.push(problem('FIELD_INVALID', 'seasons', gaps.join('; ')));
  }
  return out;
}

/**
 * A swap's or roll-over's meter must be one of the plant's devices with a register of that category, or a meter read
 * by hand in it (METER_NO_REGISTER otherwise: a figure integrated from rates has no register to swap); not in the future.
 */
function meterEvent(b: Record<string, unknown>, plant: string | undefined, ctx: EntryContext): ApiProblem[] {
  const out: ApiProblem[] = [];
  if (plant && text(b.meterId)) {
    const registers = ctx.registersOf?.(plant, b.meterId);
    if (registers === undefined)
      out.push(problem('DEVICE_UNKNOWN', 'meterId', `no meter ${b.meterId} in plant ${plant}`));
    else if (text(b.category) && ctx.categories.includes(b.category) && !registers.includes(b.category))
      out.push(
        problem(
          'METER_NO_REGISTER',
          'category',
          `meter ${b.meterId} has no ${b.category} register (${registers.join(', ') || 'none'})`,
        ),
      );
  }
  const ms = typeof b.ts === 'number' ? b.ts : typeof b.ts === 'string' ? Date.parse(b.ts) : NaN;
  if (ctx.nowMs !== undefined && Number.isFinite(ms) && ms > ctx.nowMs)
    out.push(problem('PERIOD_INVALID', 'ts', `ts ${new Date(ms).toISOString()} is in the future`));
  return out;
}
