import { z } from 'zod';
import { problemCode, ledgerCode, type ApiProblemCode } from './api-errors.js';
import { ALERT_KINDS, ALERT_PRIORITIES, ALERT_STATES } from './alerts.js';
import { HISTORY_RESOLUTIONS } from './history.js';
import { COMPLIANCE_GROUPS } from './regulator.js';
import { LEDGER_GRANULARITIES, LEDGER_LEVELS } from './ledger.js';
import { REJECT_REASONS, type RejectReason } from './reasons.js';

/**
 * One schema per query string of the API. A query's values arrive as text: numbers and flags are converted here, so
 * a controller receives typed values or the request is refused with every problem listed.
 */

const text = z.string().min(1).max(128);
const nonNegativeInt = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number);
/** epoch ms, or ISO-8601 with a zone (as the telemetry payload takes it) */
const instant = z
  .string()
  .refine((s) => /^-?\d{1,15}$/.test(s) || (/(Z|[+-]\d\d:?\d\d)$/.test(s) && Number.isFinite(Date.parse(s))), {
    message: 'must be epoch milliseconds or ISO-8601 with a zone',
  })
  .transform((s) => (/^-?\d+$/.test(s) ? Number(s) : Date.parse(s)));
const flag = z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1');
/** a comma-separated list of some of `values` */
const someOf = (values: readonly string[]) =>
  z
    .string()
    .refine((s) => s.split(',').every((v) => values.includes(v)), { message: `each one of ${values.join(', ')}` });

/** `GET /api/dead-letters`: newest first, paged by cursor. */
export const DeadLetterQuerySchema = z.strictObject({
  reason: z.enum(Object.keys(REJECT_REASONS) as [RejectReason]).optional(),
  deviceId: text.optional(),
  plantId: text.optional(),
  since: instant.optional(),
  limit: nonNegativeInt.optional(),
  /** the `nextCursor` of the page before */
  cursor: nonNegativeInt.optional(),
});
export type DeadLetterQuery = z.infer<typeof DeadLetterQuerySchema>;

/** `GET /api/alerts`: filters; state, priority and kind take comma-separated lists. */
export const AlertQuerySchema = z.strictObject({
  plantId: text.optional(),
  deviceId: text.optional(),
  state: someOf(ALERT_STATES).optional(),
  priority: someOf(ALERT_PRIORITIES).optional(),
  kind: someOf(ALERT_KINDS).optional(),
});
export type AlertQuery = z.infer<typeof AlertQuerySchema>;

/** `GET /api/kpis`, `GET /api/register`: one plant, or all. */
export const PlantQuerySchema = z.strictObject({ plantId: text.optional() });
export type PlantQuery = z.infer<typeof PlantQuerySchema>;

/** `GET /api/detection/audit`. */
export const DeviceQuerySchema = z.strictObject({ plantId: text.optional(), deviceId: text.optional() });
export type DeviceQuery = z.infer<typeof DeviceQuerySchema>;

/** `GET /api/regulator/compliance` and `compliance.csv`. */
export const ComplianceQuerySchema = z.strictObject({
  groupBy: z.enum(COMPLIANCE_GROUPS).default('region'),
});
export type ComplianceQuery = z.infer<typeof ComplianceQuerySchema>;

/** Field and series names as the telemetry store keeps them. */
export const SERIES_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const FIELD = SERIES_NAME;

/** `GET /api/history/plants/:plantId/devices/:deviceId`. Spans and defaults are checked by the server (clock). */
export const HistoryQuerySchema = z.strictObject({
  /** default: `to` minus 1 hour */
  from: instant.optional(),
  /** exclusive; default: now */
  to: instant.optional(),
  /** comma-separated field names; default: all */
  metrics: z
    .string()
    .max(4096)
    .transform((s) =>
      s
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    )
    .refine((fs) => fs.every((f) => FIELD.test(f)), { message: 'each a metric or KPI name' })
    .optional(),
  resolution: z.enum(HISTORY_RESOLUTIONS).default('auto'),
  /** `telemetry` or a derived series such as `kpi` */
  series: z.string().regex(FIELD, 'a series name').default('telemetry'),
  format: z.enum(['json', 'csv']).default('json'),
});
export type HistoryQueryParams = z.infer<typeof HistoryQuerySchema>;

/** The ledger's reason codes for a query's problems: the level, the granularity and the month have their own. */
export function ledgerQueryCode(code: ApiProblemCode, issue: z.core.$ZodIssue): ApiProblemCode {
  const field = issue.path[0];
  if (code !== 'REQUIRED' && field === 'level') return 'LEVEL_UNKNOWN';
  if (code !== 'REQUIRED' && (field === 'granularity' || field === 'period')) return 'GRANULARITY_UNKNOWN';
  if (code !== 'REQUIRED' && field === 'month') return 'PERIOD_INVALID';
  return ledgerCode(code, issue);
}

const ledgerId = z.string().min(1).max(64);

/** `GET /api/ledger`: figures per period of a device, plant, enterprise or region. */
export const LedgerQuerySchema = z
  .strictObject({
    level: z.enum(LEDGER_LEVELS).default('plant'),
    id: ledgerId,
    /** the device's plant, at device level */
    plantId: ledgerId.optional(),
    granularity: z.enum(LEDGER_GRANULARITIES).default('day'),
    /** a date, month or year as the granularity reads it, plant-local */
    from: ledgerId,
    to: ledgerId,
    /** with 环比 / 同比 against the period and the year before */
    compare: z
      .enum(['true', 'false'])
      .default('false')
      .transform((s) => s === 'true'),
  })
  .superRefine((q, ctx) => {
    if (q.level === 'device' && q.plantId === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['plantId'],
        message: 'plantId is required at device level',
        ...problemCode('FIELD_MISSING'),
      });
  });
export type LedgerQuery = z.infer<typeof LedgerQuerySchema>;

/** `GET /api/ledger/balance`: the plant's meter tree per period. */
export const LedgerBalanceQuerySchema = z.strictObject({
  plantId: ledgerId,
  period: z.enum(LEDGER_GRANULARITIES).default('day'),
  from: ledgerId,
  to: ledgerId,
});
export type LedgerBalanceQuery = z.infer<typeof LedgerBalanceQuerySchema>;

/** `GET /api/ledger/reports/monthly`. */
export const MonthlyReportQuerySchema = z.strictObject({
  level: z.enum(['plant', 'enterprise']).default('plant'),
  id: ledgerId,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'),
  lang: z.enum(['zh', 'en']).default('zh'),
  format: z.enum(['json', 'xlsx', 'pdf']).default('json'),
});
export type MonthlyReportQuery = z.infer<typeof MonthlyReportQuerySchema>;

/** `GET /api/ledger/entries`: the entries made by hand after `after` (a seq), oldest first. */
export const LedgerEntriesQuerySchema = z.strictObject({
  after: nonNegativeInt.default(0),
  limit: nonNegativeInt.pipe(z.number().int().min(1).max(5000)).default(500),
  plantId: ledgerId.optional(),
});
export type LedgerEntriesQuery = z.infer<typeof LedgerEntriesQuerySchema>;

/** `DELETE /api/sim/faults`: the demo plant's faults, of one device or all. */
export const ClearFaultsQuerySchema = z.strictObject({ runId: text.optional(), device: text.optional() });
export type ClearFaultsQuery = z.infer<typeof ClearFaultsQuerySchema>;

/** `POST /api/sim/replays`: how the uploaded recording is replayed. */
export const ReplayQuerySchema = z.strictObject({
  /** 1 to 10000 times data time, or as fast as acknowledged */
  speed: z
    .union([
      z.literal('max'),
      z
        .string()
        .regex(/^\d+(\.\d+)?$/)
        .transform(Number)
        .pipe(z.number().min(1).max(10_000)),
    ])
    .default(1),
  /** device renames, old=new,… */
  map: z.string().max(4096).optional(),
  /** plant renames, old=new,… */
  plantMap: z.string().max(4096).optional(),
  /** shift timestamps so the first message is stamped now */
  retime: flag.optional(),
});
export type ReplayQuery = z.infer<typeof ReplayQuerySchema>;
