import type { Principal } from './principal.js';

/** The clock and timer the expiry watch uses: a port, so a test moves time instead of waiting hours. */
export interface Timers {
  now(): number;
  /** calls fn after ms; the answer cancels it */
  after(ms: number, fn: () => void): () => void;
}

export const TIMERS = Symbol('TIMERS');

export const realTimers: Timers = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

/** setTimeout's longest delay (2^31-1 ms, about 24.8 days): a later end is reached in steps */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** the store could not say whether the credential still holds: ask again this much later, the socket stays */
const RETRY_MS = 30_000;

export type ExpiryReason = 'SESSION_EXPIRED' | 'TOKEN_EXPIRED';

/** ms to wait before a credential ending at `endsAt` needs checking again; undefined when it never ends (pure) */
export function checkInMs(endsAt: number | null, now: number): number | undefined {
  return endsAt === null ? undefined : Math.min(Math.max(0, endsAt - now), MAX_DELAY_MS);
}

/**
 * Ends sockets whose session or token runs out while they are open. A socket was authenticated once, at its
 * handshake; its principal says when it would end if nothing happened (`endsAt`: a session's idle or absolute end,
 * a token's expiry). At that moment the credential is checked again (requests since may have kept a session alive):
 * if it still holds the watch moves to its new end, otherwise the socket is told why and ended.
 */
export class SocketExpiry {
  constructor(
    private readonly timers: Timers,
    /** the principal as the store has it now, or undefined when the credential has ended */
    private readonly recheck: (p: Principal, now: number) => Promise<Principal | undefined>,
    private readonly failed: (e: Error) => void,
  ) {}

  /** watches one socket's principal; `ended` is called once when it ends. The answer stops the watch. */
  watch(p: Principal, ended: (reason: ExpiryReason) => void): () => void {
    let cancel: (() => void) | undefined;
    let stopped = false;
    const schedule = (q: Principal, ms = checkInMs(q.endsAt, this.timers.now())) => {
      if (ms === undefined || stopped) return;
      cancel = this.timers.after(ms, () => void check(q));
    };
    const check = async (q: Principal): Promise<void> => {
      const now = this.timers.now();
      if (q.endsAt !== null && now < q.endsAt) return schedule(q); // a step of a longer wait
      try {
        const still = await this.recheck(q, now);
        if (stopped) return;
        if (still) return schedule(still);
        stopped = true;
        ended(q.via === 'session' ? 'SESSION_EXPIRED' : 'TOKEN_EXPIRED');
      } catch (e) {
        this.failed(e as Error);
        schedule(q, RETRY_MS);
      }
    };
    schedule(p);
    return () => {
      stopped = true;
      cancel?.();
    };
  }
}
