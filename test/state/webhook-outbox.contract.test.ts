import { Outbox, type Delivery } from '../../apps/server/src/regulator/webhooks/outbox.js';
import { stateEngines } from './adapters.js';

const delivery = (id: string, createdAt: number, subscriberId = 's'): Delivery => ({
  id,
  subscriberId,
  envelope: { id: `e-${id}`, type: 'alert.changed', createdAt, data: { n: createdAt } },
  attempts: 0,
  nextAt: createdAt,
});

/** What the webhook outbox relies on, on every engine of the state store. */
describe.each(stateEngines('webhook outbox contract').map((e) => [e.engine, e] as const))(
  'webhook outbox on %s',
  (_, engine) => {
    it('keeps deliveries oldest first, a retry in its place, and finds them all again after a restart', async () => {
      const { state, where } = await engine.open();
      const box = new Outbox(state, 100);
      await Promise.all(['a', 'b', 'c'].map((id, i) => box.add(delivery(id, i + 1))));
      await box.retry({ ...delivery('a', 1), attempts: 1, nextAt: 5_000, lastError: 'HTTP 503' });
      await box.done('b');
      expect((await box.pending()).map((d) => [d.id, d.attempts, d.lastError])).toEqual([
        ['a', 1, 'HTTP 503'],
        ['c', 0, undefined],
      ]);
      expect(await box.oldest('s')).toMatchObject({ id: 'a', nextAt: 5_000, envelope: { data: { n: 1 } } });
      await state.close();

      const again = await engine.open({ same: where });
      const box2 = new Outbox(again.state, 100);
      expect((await box2.pending()).map((d) => [d.id, d.attempts])).toEqual([
        ['a', 1],
        ['c', 0],
      ]);
      await box2.kill({ ...(await box2.pending())[0], lastError: 'gave up' });
      expect((await box2.pending()).map((d) => d.id)).toEqual(['c']);
      expect((await box2.dead()).map((d) => [d.id, d.lastError])).toEqual([['a', 'gave up']]);
      expect(await box2.counts()).toEqual(new Map([['s', { pending: 1, dead: 1 }]]));
      await again.state.close();
    });

    it('bounds what waits per subscriber: the oldest beyond the bound give up as OUTBOX_FULL', async () => {
      const { state } = await engine.open();
      const box = new Outbox(state, 10);
      await Promise.all(Array.from({ length: 15 }, (_, i) => box.add(delivery(`d${i}`, i + 1))));
      await box.add(delivery('other', 100, 't'));
      expect((await box.oldest('s'))?.id).toBe('d5');
      const dead = await box.dead();
      expect(dead.map((d) => d.id)).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
      expect(dead[0].lastError).toMatch(/^OUTBOX_FULL/);
      expect(await box.counts()).toEqual(
        new Map([
          ['s', { pending: 10, dead: 5 }],
          ['t', { pending: 1, dead: 0 }],
        ]),
      );
      await state.close();
    });

    // several processes share a PostgreSQL store; the embedded one belongs to one (one platform per data directory)
    if (engine.engine === 'postgres')
      it('two processes: a delivery is claimed by one of them at a time, and again once its lease ran out', async () => {
        const { state, where } = await engine.open();
        const other = await engine.open({ same: where });
        const a = new Outbox(state, 100);
        const b = new Outbox(other.state, 100);
        await a.add(delivery('x', 1));
        const now = Date.now();
        const claims = await Promise.all([a.claim('x', now, 10_000), b.claim('x', now, 10_000)]);
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await b.claim('x', now + 5_000, 10_000)).toBe(false);
        expect(await b.claim('x', now + 10_000, 10_000)).toBe(true);
        // a retry releases it
        await b.retry({ ...delivery('x', 1), attempts: 1, nextAt: now });
        expect(await a.claim('x', now + 10_001, 1)).toBe(true);
        await state.close();
        await other.state.close();
      });

    if (engine.engine === 'postgres')
      it('two processes: a sender that read a delivery before the other one failed it does not send it again before its retry time', async () => {
        const { state, where } = await engine.open();
        const other = await engine.open({ same: where });
        const a = new Outbox(state, 100);
        const b = new Outbox(other.state, 100);
        await a.add(delivery('y', 1));
        const now = Date.now();
        // b read the delivery as due; meanwhile a claimed it, its attempt failed, and it was put back for later
        expect(await b.oldest('s')).toMatchObject({ id: 'y', nextAt: 1, leaseUntil: 0 });
        expect(await a.claim('y', now, 10_000)).toBe(true);
        await a.retry({ ...delivery('y', 1), attempts: 1, nextAt: now + 1_000, lastError: 'HTTP 503' });
        // b's claim on what it read must not win: the retry's time has not come
        expect(await b.claim('y', now + 10, 10_000)).toBe(false);
        expect(await b.claim('y', now + 1_000, 10_000)).toBe(true);
        await state.close();
        await other.state.close();
      });
  },
);
