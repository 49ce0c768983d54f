export interface LimiterOptions {
  /** failures allowed at once */
  burst: number;
  /** then one more every this many ms */
  refillMs: number;
  /** keys tracked at most; the one that failed longest ago is forgotten first */
  maxKeys: number;
}

/**
 * Failed logins per key (a source address, a claimed user name) as a token bucket: `burst` failures at once, then
 * one every `refillMs`. Pure: the caller passes the time. Memory is bounded by `maxKeys`, so an attacker cycling
 * addresses or user names cannot grow it; a key whose bucket is full again is dropped.
 */
export class FailureLimiter {
  /** tokens left at `at`; Map order = order of the last failure, oldest first */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly o: LimiterOptions) {}

  private tokens(key: string, now: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.o.burst;
    const tokens = Math.min(this.o.burst, b.tokens + (now - b.at) / this.o.refillMs);
    if (tokens >= this.o.burst) this.buckets.delete(key);
    return tokens;
  }

  /** True when the key has used up its failures: refuse its next attempt without checking it. */
  blocked(key: string, now: number): boolean {
    return this.tokens(key, now) < 1;
  }

  /** True when the key failed recently (its bucket is not full): its checks wait behind clean ones. */
  suspect(key: string, now: number): boolean {
    return this.tokens(key, now) < this.o.burst;
  }

  /** ms until the key may try again (one token back), 0 when it may now */
  waitMs(key: string, now: number): number {
    const tokens = this.tokens(key, now);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * this.o.refillMs);
  }

  fail(key: string, now: number): void {
    const tokens = Math.max(0, this.tokens(key, now) - 1);
    this.buckets.delete(key);
    this.buckets.set(key, { tokens, at: now });
    if (this.buckets.size > this.o.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }

  get size(): number {
    return this.buckets.size;
  }
}
