import { FailureLimiter } from './failure-limiter.js';

describe('failed-login limiter (token bucket per key)', () => {
  it('allows a burst, then one failure per refill period; a quiet key is forgotten', () => {
    const l = new FailureLimiter({ burst: 3, refillMs: 1000, maxKeys: 10 });
    expect(l.suspect('a', 0)).toBe(false);
    l.fail('a', 0);
    expect(l.suspect('a', 0)).toBe(true);
    l.fail('a', 0);
    expect(l.blocked('a', 0)).toBe(false);
    l.fail('a', 0);
    expect(l.blocked('a', 0)).toBe(true);
    expect(l.blocked('b', 0)).toBe(false); // keys are independent
    expect(l.blocked('a', 999)).toBe(true);
    expect(l.blocked('a', 1000)).toBe(false); // one token back
    l.fail('a', 1000);
    expect(l.blocked('a', 1000)).toBe(true);
    expect(l.suspect('a', 4000)).toBe(false); // full again after burst × refill
    expect(l.size).toBe(0);
  });

  it('keeps at most maxKeys keys, forgetting the one that failed longest ago', () => {
    const l = new FailureLimiter({ burst: 1, refillMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) l.fail(`k${i}`, i);
    expect(l.size).toBe(100);
    expect(l.blocked('k999', 1000)).toBe(true);
    expect(l.blocked('k0', 1000)).toBe(false);
  });
});
