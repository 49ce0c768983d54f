import { z } from 'zod';

/**
 * Why the API refused a request. Every 4xx and 5xx answer carries the full list of problems, each with one of these
 * codes (or a route family's own reason code, as the ledger's) and the path of the field it concerns.
 */
export const API_PROBLEMS = {
  BODY_TOO_LARGE: 'the request body is larger than the server accepts',
  BODY_TOO_DEEP: 'the request body nests objects or arrays deeper than the server accepts',
  MALFORMED_JSON: 'the request body is not valid JSON',
  REQUIRED: 'a required field is missing',
  WRONG_TYPE: 'a field has the wrong type',
  TOO_LONG: 'a text, list or object is longer than allowed',
  TOO_SHORT: 'a text or list is shorter than allowed',
  OUT_OF_RANGE: 'a number is outside the accepted range',
  BAD_FORMAT: 'a text does not have the required form (an id, for example)',
  NOT_ALLOWED: 'a value that is not one of those accepted',
  UNKNOWN_FIELD: 'a field this request does not take',
  INVALID: 'the request is not valid (the message says why)',
  NOT_FOUND: 'what the request names does not exist',
  CONFLICT: 'the request conflicts with the present state (it exists already, or the action does not apply now)',
  INTERNAL: 'the server failed; the failure is logged with the request',
} as const;

/** Reason codes of a refused ledger entry or query (docs/ledger.md), kept as the problems' codes on /api/ledger. */
export const LEDGER_REASONS = {
  BODY_INVALID: 'the body is not a JSON object',
  KIND_UNKNOWN: 'the entry kind is not one the ledger takes',
  FIELD_MISSING: 'a required field is missing',
  FIELD_INVALID: 'a field has the wrong type, form or range',
  PLANT_UNKNOWN: 'no such plant',
  DEVICE_UNKNOWN: 'no such device in the plant',
  CATEGORY_UNKNOWN: 'no such energy category',
  PERIOD_INVALID: 'a date, month or period is not real, is in the future, or ends before it starts',
  RANGE_TOO_LONG: 'the query covers more periods than one answer holds',
  LEVEL_UNKNOWN: 'the level is not device, plant, enterprise or region',
  GRANULARITY_UNKNOWN: 'the granularity is not one the ledger has',
  METER_NO_REGISTER: 'the meter has no register of that category (a figure integrated from rates has none to swap)',
  LEDGER_LOG_FULL: 'the ledger log has reached its size limit',
  PDF_UNAVAILABLE: 'no PDF renderer is installed on the server',
} as const;
export type LedgerReason = keyof typeof LEDGER_REASONS;

export type ApiProblemCode = keyof typeof API_PROBLEMS | LedgerReason;
const PROBLEM_CODES = [...Object.keys(API_PROBLEMS), ...Object.keys(LEDGER_REASONS)] as [ApiProblemCode];

export const ApiProblemSchema = z
  .object({
    /** dotted path of the field, '' for the request as a whole */
    path: z.string(),
    code: z.enum(PROBLEM_CODES),
    message: z.string(),
  })
  .meta({ id: 'ApiProblem' });
export type ApiProblem = z.infer<typeof ApiProblemSchema>;

/** The body of every error answer (4xx, 5xx) of the API. */
export const ApiErrorBodySchema = z
  .object({
    statusCode: z.number().int(),
    error: z.string(),
    /** what went wrong, for a person: the problems' messages (a string where an older answer had one) */
    message: z.union([z.string(), z.array(z.string())]),
    /** the refusal's reason code, where the route answers with one (the simulator's controls: SimControlReason) */
    reason: z.string().optional(),
    problems: z.array(ApiProblemSchema),
  })
  .meta({ id: 'ApiError', description: 'every problem of the request, each with its field and code' });
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** A schema's own problem code, given to a refinement as `params: { code }` (a custom issue keeps it). */
export const problemCode = (code: ApiProblemCode) => ({ params: { code } });

/** zod v4 issues as problems (zod's own codes mapped onto the API's; `recode` maps them onto a family's own). */
export function problemsOf(
  issues: readonly z.core.$ZodIssue[],
  recode: (code: ApiProblemCode, issue: z.core.$ZodIssue) => ApiProblemCode = (c) => c,
): ApiProblem[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.');
    return { path, code: recode(codeOf(i), i), message: path ? `${path}: ${i.message}` : i.message };
  });
}

function codeOf(i: z.core.$ZodIssue): ApiProblemCode {
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined ? 'REQUIRED' : 'WRONG_TYPE';
    case 'too_big':
      return i.origin === 'number' || i.origin === 'bigint' || i.origin === 'date' ? 'OUT_OF_RANGE' : 'TOO_LONG';
    case 'too_small':
      return i.origin === 'number' || i.origin === 'bigint' || i.origin === 'date' ? 'OUT_OF_RANGE' : 'TOO_SHORT';
    case 'invalid_format':
      return 'BAD_FORMAT';
    case 'invalid_value':
    case 'invalid_union':
      return 'NOT_ALLOWED';
    case 'unrecognized_keys':
      return 'UNKNOWN_FIELD';
    case 'custom': {
      const code = (i.params as { code?: ApiProblemCode } | undefined)?.code;
      return code && PROBLEM_CODES.includes(code) ? code : 'INVALID';
    }
    default:
      return 'INVALID';
  }
}

/** The ledger's reason codes for a schema's problems: missing, unknown kind, or invalid (a refinement names its own). */
export function ledgerCode(code: ApiProblemCode, issue: z.core.$ZodIssue): ApiProblemCode {
  if (code in LEDGER_REASONS) return code;
  if (issue.path.length === 0) return code === 'UNKNOWN_FIELD' ? 'FIELD_INVALID' : 'BODY_INVALID';
  if (issue.path[0] === 'kind' && issue.path.length === 1) return 'KIND_UNKNOWN';
  return code === 'REQUIRED' ? 'FIELD_MISSING' : 'FIELD_INVALID';
}

/** Parses a request part against its schema: the value, or every problem with it. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  recode?: (code: ApiProblemCode, issue: z.core.$ZodIssue) => ApiProblemCode,
): { ok: true; value: z.output<S> } | { ok: false; problems: ApiProblem[] } {
  // reportInput: tells a missing field (REQUIRED) from one of the wrong type; the input is never sent back
  const r = schema.safeParse(body, { reportInput: true });
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: problemsOf(r.error.issues, recode) };
}
