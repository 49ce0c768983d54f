import type { Alert, FloodEvent } from '#contracts';
import { SqlAlertStore } from '../../apps/server/src/alerts/sql-alert-store.js';
import { stateEngines } from './adapters.js';

const alert = (id: string, state: Alert['state'], history = 1): Alert => ({
  id,
  plantId: 'p1',
  deviceId: 'm1',
  class: 'motor',
  rule: 'drift.cusum',
  kind: 'drift',
  priority: 'low',
  state,
  openedAt: 1_790_000_000_000,
  message: { en: 'drift', zh: '漂移' },
  evidence: {},
  flags: {},
  history: Array.from({ length: history }, (_, i) => ({ state, at: 1_790_000_000_000 + i, by: 'system' })),
  updatedAt: 1_790_000_000_000 + history,
});

const flood = (at: number): FloodEvent => ({ plantId: 'p1', active: true, at, count: 12 });

/** What the alerts rely on, on every engine of the state store. */
describe.each(stateEngines('alerts contract').map((e) => [e.engine, e] as const))('alerts on %s', (_, engine) => {
  it('keeps the newest version of each alert in call order, even when saved all at once; floods in order', async () => {
    const { state, where } = await engine.open();
    const store = new SqlAlertStore(state);
    expect(await store.load()).toEqual({ alerts: [], floods: [], detection: {} });
    const a = alert('a1', 'open');
    // the caller's object changes after it was saved: what was saved is what it was then
    const saves = [store.saveAlert(a), store.saveFlood(flood(1)), store.saveAlert(alert('b1', 'open'))];
    a.state = 'acknowledged';
    saves.push(store.saveAlert(alert('a1', 'acknowledged', 2)), store.saveFlood(flood(2)));
    saves.push(store.saveAlert(alert('b1', 'resolved', 3)));
    await Promise.all(saves);
    await store.saveAlert(alert('a1', 'resolved', 4));
    await store.close();
    await state.close();

    const again = await engine.open({ same: where });
    const loaded = await new SqlAlertStore(again.state).load();
    expect(loaded.alerts.map((x) => [x.id, x.state, x.history.length])).toEqual([
      ['a1', 'resolved', 4],
      ['b1', 'resolved', 3],
    ]);
    expect(loaded.floods.map((f) => f.at)).toEqual([1, 2]);
    await again.state.close();
  });

  it('keeps each device’s detection state, replaced by the next snapshot, over a restart', async () => {
    const { state, where } = await engine.open();
    const store = new SqlAlertStore(state);
    const many = Object.fromEntries(Array.from({ length: 450 }, (_, i) => [`p1/m${i}`, { n: i, cusum: [0.5, -1] }]));
    await store.saveDetection(many);
    await store.saveDetection({ 'p1/m0': { n: 'again' }, 'p1/x': undefined });
    await state.close();
    const again = await engine.open({ same: where });
    const { detection } = await new SqlAlertStore(again.state).load();
    expect(Object.keys(detection)).toHaveLength(450);
    expect(detection['p1/m0']).toEqual({ n: 'again' });
    expect(detection['p1/m449']).toEqual({ n: 449, cusum: [0.5, -1] });
    await again.state.close();
  });

  // several processes share a PostgreSQL store; the embedded one belongs to one (one platform per data directory)
  if (engine.engine === 'postgres')
    it('two processes saving alerts at once: every alert lands', async () => {
      const { state, where } = await engine.open();
      const other = await engine.open({ same: where });
      const a = new SqlAlertStore(state);
      const b = new SqlAlertStore(other.state);
      await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).saveAlert(alert(`x${i}`, 'open'))));
      const loaded = await new SqlAlertStore(state).load();
      expect(loaded.alerts).toHaveLength(40);
      await state.close();
      await other.state.close();
    });
});
