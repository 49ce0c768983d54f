import { AccountsStore } from '../../apps/server/src/auth/accounts.store.js';
import { stateEngines } from './adapters.js';

const T0 = 1_790_000_000_000;
const person = (username: string, role: 'admin' | 'operator') => ({
  username,
  displayName: username,
  role,
  scope: {},
  passwordHash: 'x',
});

/** An account's disabled state, on every engine of the state store. */
describe.each(stateEngines('disabled accounts contract').map((e) => [e.engine, e] as const))(
  'disabled accounts on %s',
  (_, engine) => {
    it('records who disabled an account and when; the last enabled admin cannot be disabled', async () => {
      const { state } = await engine.open();
      const store = new AccountsStore(state);
      for (const u of [person('root', 'admin'), person('boss', 'admin'), person('ops', 'operator')])
        await store.insertUser(u, T0);
      expect(await store.setDisabled('ops', { at: T0 + 1, by: 'root' }, T0 + 1)).toBe('done');
      expect((await store.user('ops'))?.disabled).toEqual({ at: T0 + 1, by: 'root' });
      expect(await store.setDisabled('boss', { at: T0 + 2, by: 'root' }, T0 + 2)).toBe('done');
      expect(await store.setDisabled('root', { at: T0 + 3, by: 'boss' }, T0 + 3)).toBe('LAST_ADMIN');
      expect((await store.user('root'))?.disabled).toBeUndefined();
      expect(await store.setDisabled('nobody', { at: T0 + 3, by: 'root' }, T0 + 3)).toBe('NOT_FOUND');
      // enabled again, then root may be disabled by boss
      expect(await store.setDisabled('boss', null, T0 + 4)).toBe('done');
      expect((await store.user('boss'))?.disabled).toBeUndefined();
      expect(await store.setDisabled('root', { at: T0 + 5, by: 'boss' }, T0 + 5)).toBe('done');
      await state.close();
    });

    it('keeps the admin role on the last enabled admin: a demotion that would leave none is refused', async () => {
      const { state } = await engine.open();
      const store = new AccountsStore(state);
      for (const u of [person('root', 'admin'), person('boss', 'admin')]) await store.insertUser(u, T0);
      expect(await store.updateUser('boss', { role: 'operator' }, T0 + 1)).toBe('done');
      expect(await store.updateUser('root', { role: 'operator' }, T0 + 2)).toBe('LAST_ADMIN');
      expect((await store.user('root'))?.role).toBe('admin');
      // a disabled admin does not count: with boss an admin again but disabled, root still may not step down
      expect(await store.updateUser('boss', { role: 'admin' }, T0 + 3)).toBe('done');
      expect(await store.setDisabled('boss', { at: T0 + 4, by: 'root' }, T0 + 4)).toBe('done');
      expect(await store.updateUser('root', { role: 'regulator' }, T0 + 5)).toBe('LAST_ADMIN');
      expect(await store.updateUser('root', { displayName: 'Root' }, T0 + 6)).toBe('done');
      expect(await store.updateUser('nobody', { displayName: 'x' }, T0 + 6)).toBe('NOT_FOUND');
      await state.close();
    });
  },
);
