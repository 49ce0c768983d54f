import { LoginLimiter, MemoryFailureCounts } from './login-limiter.js';

describe('log-in rate limit', () => {
  it('an account: 5 failures at once, then one a minute, wherever they come from', async () => {
    const l = new LoginLimiter(new MemoryFailureCounts());
    for (let i = 0; i < 5; i++) {
      expect(await l.waitMs('ops', `10.0.0.${i}`, 0)).toBe(0);
      await l.fail('ops', `10.0.0.${i}`, 0);
    }
    expect(await l.waitMs('ops', '10.0.0.9', 0)).toBe(60_000);
    expect(await l.waitMs('ops', '10.0.0.9', 30_000)).toBe(30_000);
    expect(await l.waitMs('ops', '10.0.0.9', 60_000)).toBe(0);
    // one more failure then: one a minute
    await l.fail('ops', '10.0.0.9', 60_000);
    expect(await l.waitMs('ops', '10.0.0.9', 60_000)).toBe(60_000);
    // another account from those addresses is not held up
    expect(await l.waitMs('admin', '10.0.0.1', 0)).toBe(0);
  });

  it('an address: 20 failures over any accounts, then one every 15 s; the wait grows with further failures', async () => {
    const l = new LoginLimiter(new MemoryFailureCounts());
    for (let i = 0; i < 20; i++) await l.fail(`user${i}`, '10.0.0.1', 0);
    expect(await l.waitMs('fresh', '10.0.0.1', 0)).toBe(15_000);
    expect(await l.waitMs('fresh', '10.0.0.2', 0)).toBe(0);
    await l.fail('fresh', '10.0.0.1', 15_000); // refused ones are not counted, but one let through and failed is
    expect(await l.waitMs('other', '10.0.0.1', 15_000)).toBe(15_000);
  });

  it('forgives with time as a token bucket does: a quiet account is whole again after 5 minutes', async () => {
    const l = new LoginLimiter(new MemoryFailureCounts());
    for (let i = 0; i < 5; i++) await l.fail('ops', '10.0.0.1', 0);
    // 2 min later two failures are back, not more
    await l.fail('ops', '10.0.0.1', 120_000);
    await l.fail('ops', '10.0.0.1', 120_000);
    expect(await l.waitMs('ops', '10.0.0.1', 120_000)).toBe(60_000);
    // 5 min after the last, all 5 are back
    for (let i = 0; i < 5; i++) {
      expect(await l.waitMs('ops', '10.0.0.1', 420_000)).toBe(0);
      await l.fail('ops', '10.0.0.1', 420_000);
    }
    expect(await l.waitMs('ops', '10.0.0.1', 420_000)).toBe(60_000);
  });
});
