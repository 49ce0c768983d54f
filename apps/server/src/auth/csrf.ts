/**
 * Cross-site request forgery, decided from the request's headers alone (pure). A state-changing request that does
 * not carry a bearer token (so a browser's cookie, or nothing yet, as at log-in) must:
 *  - carry the custom header `X-Qinwatt-Csrf: 1`: a page on another site cannot set it without a CORS preflight,
 *    which this server never grants;
 *  - not be a "simple" body (text/plain, a form): those are what a cross-site form or fetch can send unpreflighted;
 *  - when the browser names its Origin (Fetch standard §3.1 "Origin" header) or marks the request cross-site
 *    (Sec-Fetch-Site), come from this server's own host or an allowed origin.
 * OWASP CSRF Prevention Cheat Sheet: "Custom request headers" and "Verifying origin with standard headers".
 */
export interface CsrfHeaders {
  method: string;
  host?: string;
  origin?: string;
  csrf?: string;
  contentType?: string;
  secFetchSite?: string;
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SIMPLE_BODIES = /^\s*(text\/plain|application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** The reason to refuse, or undefined when the request may proceed. */
export function csrfProblem(h: CsrfHeaders, allowedOrigins: readonly string[]): string | undefined {
  if (SAFE_METHODS.has(h.method.toUpperCase())) return undefined;
  if (h.csrf !== '1') return 'missing the X-Qinwatt-Csrf: 1 header';
  if (h.contentType && SIMPLE_BODIES.test(h.contentType)) return `a ${h.contentType.split(';')[0]} body`;
  if (h.origin !== undefined && !originAllowed(h.origin, h.host, allowedOrigins))
    return `origin ${h.origin} is not allowed`;
  if (h.origin === undefined && h.secFetchSite === 'cross-site') return 'a cross-site request';
  return undefined;
}

/** The server's own origin (same host and port as the request was sent to), or one configured. */
export function originAllowed(origin: string, host: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  if (!host) return false;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host === host.toLowerCase();
  } catch {
    return false; // "null" and other opaque origins
  }
}
