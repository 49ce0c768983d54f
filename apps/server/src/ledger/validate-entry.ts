import { MANUAL_ENTRY_KINDS, type ManualEntry } from '#contracts';
import { priceFields, tariffFields } from './validate-tariff.js';
import { rolloverFields, swapFields, timestamp } from './validate-meter-event.js';

/** Reason codes of a refused ledger entry or query (docs/ledger.md). */
export type LedgerReason =
  | 'BODY_INVALID'
  | 'KIND_UNKNOWN'
  | 'FIELD_MISSING'
  | 'FIELD_INVALID'
  | 'PLANT_UNKNOWN'
  | 'DEVICE_UNKNOWN'
  | 'CATEGORY_UNKNOWN'
  | 'PERIOD_INVALID'
  | 'RANGE_TOO_LONG'
  | 'LEVEL_UNKNOWN'
  | 'GRANULARITY_UNKNOWN'
  | 'METER_NO_REGISTER'
  | 'LEDGER_LOG_FULL';

export interface Problem {
  reason: LedgerReason;
  field?: string;
  detail: string;
}

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

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;
const QUANTITIES = ['kgce', 'kgce_equal', 'kgce_per_mj', 'ncv', 'carbon', 'oxidation', 'co2_per_gj', 'grid'];
const SCHEMES = ['reporting', 'average', 'average_excl_green', 'fossil'];

const realDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && s.slice(5, 7) <= '12';

/** Checks a manual ledger entry (pure). Every problem is listed, each with a reason code and the field. */
export function validateEntry(body: unknown, ctx: EntryContext): { entry: ManualEntry } | { problems: Problem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { problems: [{ reason: 'BODY_INVALID', detail: 'the body must be a JSON object' }] };
  const b = body as Record<string, unknown>;
  const problems: Problem[] = [];
  const str = (f: string, re: RegExp = ID, required = true): string | undefined => {
    const v = b[f];
    if (v === undefined) {
      if (required) problems.push({ reason: 'FIELD_MISSING', field: f, detail: `${f} is required` });
      return undefined;
    }
    if (typeof v !== 'string' || !re.test(v)) {
      problems.push({ reason: 'FIELD_INVALID', field: f, detail: `${f} must match ${re}` });
      return undefined;
    }
    return v;
  };
  const num = (f: string, min: number, max: number, exclusiveMin = false): number | undefined => {
    const v = b[f];
    if (v === undefined) {
      problems.push({ reason: 'FIELD_MISSING', field: f, detail: `${f} is required` });
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (exclusiveMin && v === min)) {
      problems.push({
        reason: 'FIELD_INVALID',
        field: f,
        detail: `${f} must be a number ${exclusiveMin ? '>' : '≥'} ${min} and ≤ ${max}`,
      });
      return undefined;
    }
    return v;
  };
  const by = str('by', /^\S(.{0,62}\S)?$/);
  const note = str('note', /^[\s\S]{0,500}$/, false);
  const plant = (): string | undefined => {
    const p = str('plantId');
    if (p !== undefined && !ctx.hasPlant(p))
      problems.push({ reason: 'PLANT_UNKNOWN', field: 'plantId', detail: `no plant ${p}` });
    return p;
  };
  const category = (): string | undefined => {
    const c = str('category');
    if (c !== undefined && !ctx.categories.includes(c))
      problems.push({ reason: 'CATEGORY_UNKNOWN', field: 'category', detail: `no energy category ${c}` });
    return c;
  };
  const date = (f: string, allowMonth = false): string | undefined => {
    const v = b[f];
    const ok = typeof v === 'string' && (realDate(v) || (allowMonth && MONTH.test(v) && realDate(`${v}-01`)));
    if (v === undefined) problems.push({ reason: 'FIELD_MISSING', field: f, detail: `${f} is required` });
    else if (!ok)
      problems.push({
        reason: 'PERIOD_INVALID',
        field: f,
        detail: `${f} must be a date YYYY-MM-DD${allowMonth ? ' or a month YYYY-MM' : ''}`,
      });
    else if ((v as string) > ctx.today)
      problems.push({ reason: 'PERIOD_INVALID', field: f, detail: `${f} ${v as string} is in the future` });
    return ok ? (v as string) : undefined;
  };
  const common = { by: by!, ...(note !== undefined ? { note } : {}) };
  let entry: ManualEntry | undefined;
  switch (b.kind) {
    case 'output': {
      const plantId = plant();
      const line = str('line');
      if (plantId && line && ctx.hasPlant(plantId) && !ctx.hasDevice(plantId, line))
        problems.push({ reason: 'DEVICE_UNKNOWN', field: 'line', detail: `no device ${line} in plant ${plantId}` });
      const product = str('product', /^[a-z][a-z0-9_]{0,63}$/);
      const period = date('period', true);
      const quantity = num('quantity', 0, 1e9);
      if (b.unit !== 't') problems.push({ reason: 'FIELD_INVALID', field: 'unit', detail: 'unit must be "t"' });
      entry = {
        kind: 'output',
        plantId: plantId!,
        line: line!,
        product: product!,
        period: period!,
        quantity: quantity!,
        unit: 't',
        ...common,
      };
      break;
    }
    case 'receipt': {
      entry = {
        kind: 'receipt',
        plantId: plant()!,
        category: category()!,
        date: date('date')!,
        quantity: num('quantity', 0, 1e9)!,
        // a fuel's NCV as received, GJ/t: above hydrogen's ~120 is no fuel
        ncv: num('ncv', 0, 150, true)!,
        ...(b.lab !== undefined ? { lab: str('lab', /^[\s\S]{1,200}$/)! } : {}),
        ...common,
      };
      break;
    }
    case 'meter_reading': {
      timestamp(b, problems);
      entry = {
        kind: 'meter_reading',
        plantId: plant()!,
        meterId: str('meterId')!,
        category: category()!,
        ts: b.ts as number | string,
        value: num('value', 0, 1e15)!,
        ...common,
      };
      break;
    }
    case 'correction': {
      const plantId = plant();
      const deviceId = str('deviceId');
      if (plantId && deviceId && ctx.hasPlant(plantId) && !ctx.hasDevice(plantId, deviceId))
        problems.push({
          reason: 'DEVICE_UNKNOWN',
          field: 'deviceId',
          detail: `no device ${deviceId} in plant ${plantId}`,
        });
      entry = {
        kind: 'correction',
        plantId: plantId!,
        deviceId: deviceId!,
        category: category()!,
        date: date('date')!,
        quantity: num('quantity', 0, 1e12)!,
        ...common,
      };
      break;
    }
    case 'factor': {
      const q = b.quantity;
      if (typeof q !== 'string' || !QUANTITIES.includes(q))
        problems.push({
          reason: 'FIELD_INVALID',
          field: 'quantity',
          detail: `quantity must be one of ${QUANTITIES.join(', ')}`,
        });
      const scheme = b.scheme;
      if (scheme !== undefined && (typeof scheme !== 'string' || !SCHEMES.includes(scheme)))
        problems.push({
          reason: 'FIELD_INVALID',
          field: 'scheme',
          detail: `scheme must be one of ${SCHEMES.join(', ')}`,
        });
      const validFrom = date('validFrom');
      const validTo = b.validTo === undefined ? undefined : str('validTo', DATE);
      if (validFrom && validTo && validTo <= validFrom)
        problems.push({ reason: 'PERIOD_INVALID', field: 'validTo', detail: 'validTo must be after validFrom' });
      const cat = b.category === '*' ? '*' : category();
      entry = {
        kind: 'factor',
        category: cat!,
        quantity: q as never,
        value: num('value', 0, 1e6, true)!,
        unit: str('unit', /^[A-Za-z0-9/_ .₂²³-]{1,32}$/)!,
        validFrom: validFrom!,
        ...(validTo ? { validTo } : {}),
        ...(b.region !== undefined ? { region: str('region', /^(CN|[a-z]+|\d{6})$/)! } : {}),
        ...(scheme !== undefined ? { scheme: scheme as never } : {}),
        document: str('document', /^[\s\S]{1,300}$/)!,
        year: str('year', /^\d{4}$/)!,
        ...common,
      };
      break;
    }
    case 'tariff':
      entry = { kind: 'tariff', plantId: plant()!, ...tariffFields(b, problems), ...common };
      break;
    case 'price':
      entry = { kind: 'price', plantId: plant()!, category: category()!, ...priceFields(b, problems), ...common };
      break;
    case 'meter_swap': {
      const plantId = plant();
      entry = { kind: 'meter_swap', plantId: plantId!, ...swapFields(b, plantId, ctx, problems), ...common };
      break;
    }
    case 'meter_rollover': {
      const plantId = plant();
      entry = { kind: 'meter_rollover', plantId: plantId!, ...rolloverFields(b, plantId, ctx, problems), ...common };
      break;
    }
    default:
      return {
        problems: [
          {
            reason: 'KIND_UNKNOWN',
            field: 'kind',
            detail: `kind must be one of ${MANUAL_ENTRY_KINDS.join(', ')}`,
          },
        ],
      };
  }
  return problems.length ? { problems } : { entry };
}
