import type { z } from 'zod';

/**
 * Why the API refused a request body. Every 400 (and the 413 of an over-large body) carries the full list of
 * problems, each with one of these codes and the path of the field it concerns.
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
} as const;

export type ApiProblemCode = keyof typeof API_PROBLEMS;

export interface ApiProblem {
  /** dotted path of the field, '' for the body as a whole */
  path: string;
  code: ApiProblemCode;
  message: string;
}

/** The body of every 400 and 413 answer. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  /** what went wrong, for a person: the problems' messages (a string where an older answer had one) */
  message: string | string[];
  /** the refusal's reason code, where the route answers with one (the simulator's controls: SimControlReason) */
  reason?: string;
  problems: ApiProblem[];
}

/** zod v4 issues as problems (zod's own codes mapped onto the API's). */
export function problemsOf(issues: readonly z.core.$ZodIssue[]): ApiProblem[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.');
    return { path, code: codeOf(i), message: path ? `${path}: ${i.message}` : i.message };
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
    default:
      return 'INVALID';
  }
}

/** Parses a request body against its schema: the value, or every problem with it. */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
): { ok: true; value: z.output<S> } | { ok: false; problems: ApiProblem[] } {
  // reportInput: tells a missing field (REQUIRED) from one of the wrong type; the input is never sent back
  const r = schema.safeParse(body, { reportInput: true });
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: problemsOf(r.error.issues) };
}
