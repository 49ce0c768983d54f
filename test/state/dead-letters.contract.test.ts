import type { DeadLetter } from '#contracts';
import { DeadLetterStore, type DeadLetterInput } from '../../apps/server/src/dead-letter/dead-letter.store.js';
import { Metrics } from '../../apps/server/src/metrics/metrics.js';
import type { AppConfig } from '../../apps/server/src/config/config.js';
import type { StateDb } from '../../apps/server/src/state/state-db.js';
import { stateEngines } from './adapters.js';

const letter = (i: number, over: Partial<DeadLetterInput> = {}): DeadLetterInput => ({
  receivedAt: 1_790_000_000_000 + i,
  topic: `plants/p1/devices/m${i % 3}/telemetry`,
  clientId: `c${i}`,
  plantId: 'p1',
  deviceId: `m${i % 3}`,
  reason: i % 2 ? 'SCHEMA' : 'MALFORMED_JSON',
  detail: `bad ${i}`,
  raw: Buffer.from(`payload ${i}`),
  ...over,
});

async function storeOn(state: StateDb, cap: number): Promise<DeadLetterStore> {
  const s = new DeadLetterStore({ deadLetterMax: cap } as AppConfig, state, new Metrics());
  await s.onModuleInit();
  return s;
}

const details = (items: DeadLetter[]) => items.map((l) => l.detail);

/** What the dead letters rely on, on every engine of the state store. */
describe.each(stateEngines('dead letters contract').map((e) => [e.engine, e] as const))(
  'dead letters on %s',
  (_, engine) => {
    it('keeps the newest up to the cap, drops the oldest and counts them, pages newest first by cursor', async () => {
      const { state } = await engine.open();
      const store = await storeOn(state, 10);
      // a flood: all at once, one group commit
      await Promise.all(Array.from({ length: 25 }, (_, i) => store.record(letter(i))));
      const first = await store.query({ limit: 4 });
      expect(details(first.items)).toEqual(['bad 24', 'bad 23', 'bad 22', 'bad 21']);
      expect(first.dropped).toBe(15);
      const second = await store.query({ limit: 4, cursor: first.nextCursor });
      expect(details(second.items)).toEqual(['bad 20', 'bad 19', 'bad 18', 'bad 17']);
      const all = await store.query({ limit: 100 });
      expect(all.items).toHaveLength(10);
      expect(all.nextCursor).toBeUndefined();
      expect(details((await store.query({ reason: 'MALFORMED_JSON', deviceId: 'm0' })).items)).toEqual([
        'bad 24',
        'bad 18',
      ]);
      expect(details((await store.query({ since: 1_790_000_000_022 })).items)).toEqual(['bad 24', 'bad 23', 'bad 22']);
      // the raw bytes, base64, as received
      expect(Buffer.from(all.items[0].payload, 'base64').toString()).toBe('payload 24');
      await store.stop();
      await state.close();
    });

    it('keeps everything over a restart, and a lowered cap applies at the next start', async () => {
      const { state, where } = await engine.open();
      const store = await storeOn(state, 100);
      for (let i = 0; i < 12; i++) await store.record(letter(i));
      await store.stop();
      await state.close();
      const again = await engine.open({ same: where });
      const reopened = await storeOn(again.state, 100);
      expect(details((await reopened.query({ limit: 3 })).items)).toEqual(['bad 11', 'bad 10', 'bad 9']);
      await again.state.close();
      const lowered = await engine.open({ same: where });
      const capped = await storeOn(lowered.state, 5);
      const page = await capped.query({});
      expect(page.items).toHaveLength(5);
      expect(page.dropped).toBe(7);
      await lowered.state.close();
    });

    // several processes share a PostgreSQL store; the embedded one belongs to one (one platform per data directory)
    if (engine.engine === 'postgres')
      it('two processes writing at once: every letter is either kept or counted as dropped, the cap holds', async () => {
        const { state, where } = await engine.open();
        const other = await engine.open({ same: where });
        const a = await storeOn(state, 50);
        const b = await storeOn(other.state, 50);
        await Promise.all([
          ...Array.from({ length: 60 }, (_, i) => a.record(letter(i, { clientId: 'a' }))),
          ...Array.from({ length: 60 }, (_, i) => b.record(letter(i, { clientId: 'b' }))),
        ]);
        const page = await a.query({ limit: 1000 });
        expect(page.items).toHaveLength(50);
        expect(page.dropped).toBe(70);
        // ids are unique and newest first
        const ids = page.items.map((l) => l.id);
        expect([...ids].sort((x, y) => y - x)).toEqual(ids);
        expect(new Set(ids).size).toBe(50);
        await state.close();
        await other.state.close();
      });
  },
);
