import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.js';

interface Routed extends IncomingMessage {
  /** Express's matched route (absent for static files and unknown paths) */
  route?: { path?: string };
  originalUrl?: string;
  /** the authenticated caller, once authentication sets it */
  user?: { id?: string };
}

/** One access-log line per request: method, route pattern, path, status, milliseconds, and the user when known. */
function line(req: IncomingMessage, res: ServerResponse, ms: number) {
  const r = req as Routed;
  return {
    method: req.method,
    route: r.route?.path ?? null,
    path: (r.originalUrl ?? req.url ?? '').split('?')[0],
    status: res.statusCode,
    ms,
    user: r.user?.id ?? null,
  };
}

/**
 * The access log, on the platform's one structured logger (pino). Headers, cookies and bodies are not logged:
 * only the request's id is bound to the request's logger.
 */
export function accessLog(log: Logger) {
  return pinoHttp({
    logger: log,
    quietReqLogger: true,
    // the request object itself is not logged (its headers carry cookies and tokens): the line above says enough
    wrapSerializers: false,
    serializers: { req: () => undefined },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: { responseTime: number }) => line(req, res, val.responseTime),
    customErrorObject: (req, res, err, val: { responseTime: number }) => ({ ...line(req, res, val.responseTime), err }),
  });
}
