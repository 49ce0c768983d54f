import type { NestExpressApplication } from '@nestjs/platform-express';
import { API_PROBLEMS, type ApiErrorBody, type ApiProblemCode } from '#contracts';
import type { JsonResponse } from './api-error.js';
import { jsonDepthExceeds } from './json-depth.js';

/** The largest JSON body accepted: API bodies are a few hundred bytes; recordings are uploaded raw, not as JSON. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
/** The deepest nesting accepted in a JSON body: the deepest API body (a scenario) nests fewer than ten levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * JSON bodies with a size and a depth limit, checked before the body is parsed; a refused body gets the API's one
 * error shape (413 when too large, 400 otherwise) and reaches no controller. Call before the app is initialised,
 * with the app created with `bodyParser: false`.
 */
export function useJsonBodyLimits(app: NestExpressApplication): void {
  app.useBodyParser('json', {
    limit: MAX_JSON_BODY_BYTES,
    verify: (_req: unknown, _res: unknown, buf: Buffer) => {
      if (jsonDepthExceeds(buf, MAX_JSON_DEPTH))
        throw Object.assign(new Error(`nested deeper than ${MAX_JSON_DEPTH} levels`), {
          status: 400,
          type: 'entity.too.deep',
        });
    },
  });
  app.use((err: { type?: string; message?: string }, _req: unknown, res: JsonResponse, next: (e: unknown) => void) => {
    const refused = BODY_ERRORS[err?.type ?? ''];
    if (!refused) return next(err);
    const [status, code] = refused;
    const message =
      code === 'BODY_TOO_LARGE'
        ? `${API_PROBLEMS.BODY_TOO_LARGE}: at most ${MAX_JSON_BODY_BYTES} bytes`
        : code === 'BODY_TOO_DEEP'
          ? `${API_PROBLEMS.BODY_TOO_DEEP}: at most ${MAX_JSON_DEPTH} levels`
          : `${API_PROBLEMS.MALFORMED_JSON}: ${err.message ?? ''}`.slice(0, 300);
    const body: ApiErrorBody = {
      statusCode: status,
      error: status === 413 ? 'Payload Too Large' : 'Bad Request',
      message: [message],
      problems: [{ path: '', code, message }],
    };
    res.status(status).json(body);
  });
}

/** body-parser's error types (and ours) → status and problem code */
const BODY_ERRORS: Record<string, [number, ApiProblemCode]> = {
  'entity.too.large': [413, 'BODY_TOO_LARGE'],
  'entity.too.deep': [400, 'BODY_TOO_DEEP'],
  'entity.parse.failed': [400, 'MALFORMED_JSON'],
};
