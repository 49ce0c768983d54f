import { FailureLimiter } from '../broker/failure-limiter.js';

/**
 * Failed log-ins, limited per account and per source address (OWASP Authentication Cheat Sheet, "Login Throttling"):
 * an account takes 5 failures at once, then one a minute; an address 20, then one every 15 s, so one address cannot
 * try many accounts either. While either is spent the attempt is refused before the password is checked (429 with
 * Retry-After): the wait grows with each further failure, which is the back-off. Memory is bounded (FailureLimiter).
 */
export class LoginLimiter {
  private readonly byAccount = new FailureLimiter({ burst: 5, refillMs: 60_000, maxKeys: 10_000 });
  private readonly byAddress = new FailureLimiter({ burst: 20, refillMs: 15_000, maxKeys: 10_000 });

  /** ms to wait before the next attempt may be checked, 0 when it may be checked now */
  waitMs(account: string, address: string, now: number): number {
    return Math.max(this.byAccount.waitMs(account, now), this.byAddress.waitMs(address, now));
  }

  fail(account: string, address: string, now: number): void {
    this.byAccount.fail(account, now);
    this.byAddress.fail(address, now);
  }
}
