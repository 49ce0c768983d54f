import type { OpenAPIRegistry, RouteConfig, ZodRequestBody } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ApiErrorBodySchema } from '#contracts';

/**
 * The two ways a caller is authenticated (issue: accounts and API tokens): the console's session cookie and an
 * integration's bearer token. Every operation needs one of them unless it is marked public.
 */
export const SECURITY_SCHEMES = {
  qw_session: { type: 'apiKey', in: 'cookie', name: 'qw_session', description: "the console's session after log-in" },
  apiToken: { type: 'http', scheme: 'bearer', description: 'an API token for integrations, scoped and revocable' },
} as const;
const AUTHENTICATED: Array<Record<string, string[]>> = [{ qw_session: [] }, { apiToken: [] }];

const STATUS_TEXT: Record<number, string> = {
  400: 'the request is not valid: `problems` lists every problem with its field and code',
  404: 'what the request names does not exist',
  409: 'the request conflicts with the present state',
  413: 'the body is larger than the server accepts',
  429: 'too many at once; retry later',
  503: 'not available on this server now',
  507: 'the server has no room left to keep it',
};

/** One operation of the API, described from the same schemas the validation pipe checks. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI style: /api/alerts/{id} */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** path parameters; each is a string unless the schema says otherwise */
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** a body of another media type than JSON (an uploaded recording) */
  rawBody?: Record<string, string>;
  /** the answer: a schema (JSON), media types with their description, or none (204) */
  response?: z.ZodType | Record<string, string>;
  status?: number;
  /** refusals beyond 400 (given whenever there is a body, query or path parameter) and 500 */
  errors?: number[];
  /** reachable without a session or token */
  public?: boolean;
}

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ApiErrorBodySchema } },
});

/** Registers the operation: its request, its answers (the one error body for every refusal) and its security. */
export function describe(r: OpenAPIRegistry, op: Operation): void {
  // Nest's defaults: 201 for a POST, 200 otherwise, unless the controller sets its own code
  const status = op.status ?? (op.response === undefined ? 204 : op.method === 'post' ? 201 : 200);
  const responses: RouteConfig['responses'] = {};
  if (op.response === undefined) responses[status] = { description: 'done; no content' };
  else if (op.response instanceof z.ZodType)
    responses[status] = { description: 'ok', content: { 'application/json': { schema: op.response } } };
  else
    responses[status] = {
      description: 'ok',
      content: Object.fromEntries(
        Object.entries(op.response).map(([type, description]) => [type, { schema: { type: 'string', description } }]),
      ),
    };
  const refusals = new Set(op.errors ?? []);
  if (op.params || op.query || op.body || op.rawBody) refusals.add(400);
  for (const s of [...refusals].sort()) responses[s] = error(STATUS_TEXT[s] ?? 'refused');
  responses[500] = error('the server failed; the failure is logged with the request');
  const body: ZodRequestBody | undefined = op.body
    ? { content: { 'application/json': { schema: op.body } }, required: !op.body.safeParse(undefined).success }
    : op.rawBody
      ? {
          content: Object.fromEntries(
            Object.entries(op.rawBody).map(([t, d]) => [t, { schema: { type: 'string' as const, description: d } }]),
          ),
          required: true,
        }
      : undefined;
  r.registerPath({
    method: op.method,
    path: op.path,
    operationId: operationId(op),
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: op.public ? [] : AUTHENTICATED,
    request: {
      ...(op.params ? { params: op.params } : {}),
      ...(op.query ? { query: op.query } : {}),
      ...(body ? { body } : {}),
    },
    responses,
  });
}

/** `get /api/alerts/{id}/acknowledge` → getApiAlertsIdAcknowledge: unique and stable */
function operationId(op: Operation): string {
  const words = op.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return op.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** path parameters, all strings */
export const pathParams = <K extends string>(...names: K[]) =>
  z.object(Object.fromEntries(names.map((n) => [n, z.string()])) as Record<K, z.ZodString>);
