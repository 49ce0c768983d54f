import { runAlone } from '../../apps/server/src/state/run-alone.js';
import { stateEngines } from './adapters.js';

describe.each(stateEngines('one pass at a time across processes'))('runAlone on $engine', ({ engine, open }) => {
  it('runs a pass; on PostgreSQL a second process skips while the first holds the key, and runs once it is free', async () => {
    const a = await open();
    const b = await open({ same: a.where });
    try {
      let release!: () => void;
      let entered!: () => void;
      const holding = new Promise<void>((r) => (release = r));
      const inside = new Promise<void>((r) => (entered = r));
      const first = runAlone(a.state, 42, async () => {
        entered(); // called only once the first process holds the key
        await holding;
        return 'first';
      });
      await inside;
      const second = await runAlone(b.state, 42, async () => 'second');
      const other = await runAlone(b.state, 43, async () => 'another key');
      release();
      expect(await first).toBe('first');
      expect(second).toBe(engine === 'postgres' ? undefined : 'second');
      expect(other).toBe('another key');
      expect(await runAlone(b.state, 42, async () => 'later')).toBe('later');
    } finally {
      await b.state.close();
      await a.state.close();
    }
  });
});
