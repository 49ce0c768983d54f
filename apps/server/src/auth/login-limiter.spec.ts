import { LoginLimiter } from './login-limiter.js';

describe('log-in rate limit', () => {
  it('an account: 5 failures at once, then one a minute, wherever they come from', () => {
    const l = new LoginLimiter();
    for (let i = 0; i < 5; i++) {
      expect(l.waitMs('ops', `10.0.0.${i}`, 0)).toBe(0);
      l.fail('ops', `10.0.0.${i}`, 0);
    }
    expect(l.waitMs('ops', '10.0.0.9', 0)).toBe(60_000);
    expect(l.waitMs('ops', '10.0.0.9', 30_000)).toBe(30_000);
    expect(l.waitMs('ops', '10.0.0.9', 60_000)).toBe(0);
    // another account from those addresses is not held up
    expect(l.waitMs('admin', '10.0.0.1', 0)).toBe(0);
  });

  it('an address: 20 failures over any accounts, then one every 15 s; the wait grows with further failures', () => {
    const l = new LoginLimiter();
    for (let i = 0; i < 20; i++) l.fail(`user${i}`, '10.0.0.1', 0);
    expect(l.waitMs('fresh', '10.0.0.1', 0)).toBe(15_000);
    expect(l.waitMs('fresh', '10.0.0.2', 0)).toBe(0);
    l.fail('fresh', '10.0.0.1', 15_000); // refused ones are not counted, but one let through and failed is
    expect(l.waitMs('other', '10.0.0.1', 15_000)).toBe(15_000);
  });
});
