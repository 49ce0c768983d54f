/** Small helpers for reading the server's answers, shared by the session, log-in and set-up pages. */

/** The reason code of a refusal (`{reason}`), if the body has one. */
export async function readReason(res: Response): Promise<string | undefined> {
  const body = (await res.json().catch(() => undefined)) as { reason?: unknown } | undefined;
  return typeof body?.reason === 'string' ? body.reason : undefined;
}

/** Retry-After in seconds (RFC 9110 §10.2.3: delay-seconds or an HTTP date). */
export function retryAfterSeconds(res: Response, now = Date.now()): number | undefined {
  const v = res.headers.get('retry-after');
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
