import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from './api-error.js';

/** what every process answers, whatever its roles: orchestrators probe each one */
export const PROBE_PATHS: readonly string[] = ['/health', '/ready', '/metrics'];

/**
 * A process without the api role serves its probes and nothing else: any other path is a 404 that says where to
 * go, not a half-working API. (socket.io is refused by the live gateway: consoles connect to the api processes.)
 */
export function probesOnly(roles: readonly string[]) {
  const message = `this process runs ${roles.join(', ')}: it serves ${PROBE_PATHS.join(', ')} only; the API and the console are on the api processes`;
  const body = JSON.stringify(errorBody(404, [], 'NOT_SERVED_HERE', message));
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (PROBE_PATHS.includes((req.url ?? '').split('?')[0]!)) return next();
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  };
}
