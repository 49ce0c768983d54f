/**
 * Failed log-ins, limited per account and per source address (OWASP Authentication Cheat Sheet, "Login Throttling"):
 * an account takes 5 failures at once, then one a minute; an address 20, then one every 15 s, so one address cannot
 * try many accounts either. While either is spent the attempt is refused before the password is checked (429 with
 * Retry-After): the wait grows with each further failure, which is the back-off.
 *
 * Each key is a token bucket kept as one number, the time it is full again (the generic cell rate algorithm, ITU-T
 * I.371): a failure moves it one interval later, from now if it had already passed. So a failure is one atomic
 * update wherever the number lives, and a key past its time says nothing and can be dropped. The numbers live in
 * the relational state store (login-failures.store.ts), which every api process shares.
 */
export interface Bucket {
  /** failures allowed at once */
  burst: number;
  /** then one more every this many ms */
  refillMs: number;
}

export const PER_ACCOUNT: Bucket = { burst: 5, refillMs: 60_000 };
export const PER_ADDRESS: Bucket = { burst: 20, refillMs: 15_000 };

/** ms until a key whose bucket is full at `fullAt` may try again, 0 when it may now (pure) */
export function waitMs(b: Bucket, fullAt: number | undefined, now: number): number {
  return fullAt === undefined ? 0 : Math.max(0, fullAt - now - (b.burst - 1) * b.refillMs);
}

/** when the bucket is full again after one more failure at `now` (pure; the store does the same in one statement) */
export function failedAt(refillMs: number, fullAt: number | undefined, now: number): number {
  return Math.max(fullAt ?? now, now) + refillMs;
}

/** Where the keys' times live: a port, so every process can share them. */
export interface FailureCounts {
  /** the times of those keys that have one */
  fullAt(keys: string[]): Promise<Map<string, number>>;
  /** records one failure of each key, atomically per key (`failedAt`) */
  fail(failures: Array<{ key: string; refillMs: number }>, now: number): Promise<void>;
}

const accountKey = (account: string) => `account:${account}`;
const addressKey = (address: string) => `address:${address}`;

export class LoginLimiter {
  constructor(private readonly counts: FailureCounts) {}

  /** ms to wait before the next attempt may be checked, 0 when it may be checked now */
  async waitMs(account: string, address: string, now: number): Promise<number> {
    const t = await this.counts.fullAt([accountKey(account), addressKey(address)]);
    return Math.max(
      waitMs(PER_ACCOUNT, t.get(accountKey(account)), now),
      waitMs(PER_ADDRESS, t.get(addressKey(address)), now),
    );
  }

  fail(account: string, address: string, now: number): Promise<void> {
    return this.counts.fail(
      [
        { key: accountKey(account), refillMs: PER_ACCOUNT.refillMs },
        { key: addressKey(address), refillMs: PER_ADDRESS.refillMs },
      ],
      now,
    );
  }
}

/** The counts in this process's memory, for tests of the limiter's rules. */
export class MemoryFailureCounts implements FailureCounts {
  readonly times = new Map<string, number>();

  fullAt(keys: string[]): Promise<Map<string, number>> {
    return Promise.resolve(new Map(keys.flatMap((k) => (this.times.has(k) ? [[k, this.times.get(k)!]] : []))));
  }

  fail(failures: Array<{ key: string; refillMs: number }>, now: number): Promise<void> {
    for (const f of failures) this.times.set(f.key, failedAt(f.refillMs, this.times.get(f.key), now));
    return Promise.resolve();
  }
}
