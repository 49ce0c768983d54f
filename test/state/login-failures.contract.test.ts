import { LoginLimiter } from '../../apps/server/src/auth/login-limiter.js';
import { LoginFailuresStore } from '../../apps/server/src/auth/login-failures.store.js';
import { stateEngines } from './adapters.js';

const T0 = 1_790_000_000_000;

/** The log-in limiter's counts in the state store: shared by every process, bounded, on every engine. */
describe.each(stateEngines('login failures contract').map((e) => [e.engine, e] as const))(
  'log-in failures on %s',
  (_, engine) => {
    it('two processes sharing the store allow together what one allows: 5 failures per account, 20 per address', async () => {
      const a = await engine.open();
      const b = await engine.open({ same: a.where });
      const one = new LoginLimiter(new LoginFailuresStore(a.state));
      const two = new LoginLimiter(new LoginFailuresStore(b.state));
      // 5 failures of one account, alternating between the processes (and between addresses)
      for (let i = 0; i < 5; i++) {
        const l = i % 2 ? two : one;
        expect(await l.waitMs('ops', `10.0.0.${i}`, T0)).toBe(0);
        await l.fail('ops', `10.0.0.${i}`, T0);
      }
      expect(await one.waitMs('ops', '10.0.0.9', T0)).toBe(60_000);
      expect(await two.waitMs('ops', '10.0.0.9', T0 + 30_000)).toBe(30_000);
      expect(await two.waitMs('ops', '10.0.0.9', T0 + 60_000)).toBe(0);
      // one address over many accounts, from both processes at once: all 20 failures count
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? two : one).fail(`user${i}`, '10.9.9.9', T0)));
      expect(await one.waitMs('fresh', '10.9.9.9', T0)).toBe(15_000);
      expect(await two.waitMs('fresh', '10.9.9.8', T0)).toBe(0);
      await a.state.close();
      await b.state.close();
    });

    it('forgiven rows are pruned, and past the cap the soonest forgiven go: a spray of names cannot grow it', async () => {
      const { state } = await engine.open();
      const store = new LoginFailuresStore(state);
      const l = new LoginLimiter(store);
      for (let i = 0; i < 30; i++) await l.fail(`spray${i}`, `10.1.0.${i}`, T0 + i);
      expect(await store.size()).toBe(60);
      // an account's row is forgiven 1 min after one failure, an address's 15 s after
      await store.prune(T0 + 29 + 15_000);
      expect(await store.size()).toBe(30);
      await store.prune(T0 + 29 + 60_000);
      expect(await store.size()).toBe(0);
      for (let i = 0; i < 30; i++) await l.fail(`spray${i}`, `10.1.0.${i}`, T0 + i);
      await store.prune(T0, 10);
      expect(await store.size()).toBe(10);
      // the ones kept are those forgiven last: the newest accounts' rows
      const kept = await store.fullAt(Array.from({ length: 30 }, (_, i) => `account:spray${i}`));
      expect([...kept.keys()].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `account:spray${20 + i}`).sort());
      await state.close();
    });
  },
);
