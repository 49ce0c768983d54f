import type { Logger } from './logger.js';

/**
 * A promise nobody awaits that rejects (a timer's callback, a socket's handler) ends a Node process by default.
 * Here it is logged with its error and stack, and the platform goes on: nothing an outsider can provoke may stop
 * the ingest of every other device. Such a log line is a bug to fix where the promise was left floating.
 */
export function logUnhandledRejections(proc: NodeJS.EventEmitter, log: Logger): void {
  proc.on('unhandledRejection', (reason: unknown) => {
    log.error({ err: reason }, 'unhandled promise rejection; the process goes on');
  });
}
