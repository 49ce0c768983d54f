import pino, { type Logger } from 'pino';

/** Structured JSON logs. Secrets never reach a log line: callers log ids, never credentials or raw CONNECT packets. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'qinwatt' }, redact: ['password', '*.password', 'secret', '*.secret'] });
}
export type { Logger };
