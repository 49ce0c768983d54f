import pino, { type Logger } from 'pino';

/**
 * Characters kept of a text field of a log line. Fields such as a client id, a user name or a topic come from
 * outside (an MQTT client id may be 65,535 bytes): 1,500 refused CONNECTs with 60 kB ids once wrote 172 MB of log.
 * Stack traces (`err`, `stack`) are ours and kept whole.
 */
export const LOG_TEXT_CHARS = 512;

/** the fields of a log call, long texts cut (a copy: the caller's object may be one it keeps) */
function clipFields(o: Record<string, unknown>): Record<string, unknown> {
  let out = o;
  for (const [k, v] of Object.entries(o))
    if (typeof v === 'string' && v.length > LOG_TEXT_CHARS && k !== 'err' && k !== 'stack') {
      if (out === o) out = { ...o };
      out[k] = `${v.slice(0, LOG_TEXT_CHARS)}… (${v.length} characters)`;
    }
  return out;
}

/** Structured JSON logs. Secrets never reach a log line: callers log ids, never credentials or raw CONNECT packets. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'qinwatt' },
    redact: ['password', '*.password', 'secret', '*.secret'],
    formatters: { log: clipFields },
  });
}
export type { Logger };
