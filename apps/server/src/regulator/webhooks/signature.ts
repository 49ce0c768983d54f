import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signature: `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. Signing the timestamp with the body
 * lets a receiver refuse replays older than its tolerance (we suggest 5 minutes).
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver runs; exported for receivers written in TypeScript and for the tests. */
export function verify(
  secret: string,
  timestamp: number,
  body: string,
  signature: string,
  now: number,
  toleranceMs = 5 * 60_000,
): boolean {
  if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > toleranceMs) return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  const got = Buffer.from(signature);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
