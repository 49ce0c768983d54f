import type { Reading } from '#contracts';
import { ReadingsBus } from './readings-bus.js';

const r = { plantId: 'p1', deviceId: 'm1', ts: 1, metrics: {} } as unknown as Reading;
const many = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ ...r, ts: from + i }) as Reading);
const turn = () => new Promise((res) => setImmediate(res));

/** a listener that takes `ms` of CPU per call, as detection does for a large piece */
const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('ReadingsBus', () => {
  it('all-in-one: the emission settles once every listener has heard the readings, in order', async () => {
    const bus = new ReadingsBus();
    const heard: Reading[][] = [];
    bus.subscribe((rs) => heard.push([...rs]));
    const a = bus.emit([r]);
    const b = bus.emit(many(2, 10));
    await Promise.all([a, b]);
    expect(heard).toEqual([[r], many(2, 10)]);
  });

  it('delivers a burst over several turns of the event loop, none holding it for long', async () => {
    const bus = new ReadingsBus();
    const calls: number[] = [];
    let turns = 0;
    bus.subscribe((rs) => {
      calls.push(turns);
      busy(1);
      expect(rs.length).toBeGreaterThan(0);
    });
    // 40 messages released by one commit: delivered in one turn they would hold the loop 40 ms
    const done = Promise.all(Array.from({ length: 40 }, (_, i) => bus.emit(many(1, i))));
    const ticker = setInterval(() => turns++, 0);
    await done;
    clearInterval(ticker);
    expect(calls).toHaveLength(40);
    // a few ms a turn: the interval timer got to run in between, many times
    const perTurn = new Map<number, number>();
    for (const t of calls) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
    expect(perTurn.size).toBeGreaterThanOrEqual(8);
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(4);
  });

  it('splits one large emission into pieces, delivered in order, and settles after the last', async () => {
    const bus = new ReadingsBus();
    const heard: Reading[][] = [];
    bus.subscribe((rs) => heard.push([...rs]));
    let settled = false;
    const all = many(1000);
    const done = bus.emit(all).then(() => (settled = true));
    await turn();
    await done;
    expect(settled).toBe(true);
    expect(heard.length).toBeGreaterThan(1);
    expect(Math.max(...heard.map((h) => h.length))).toBeLessThanOrEqual(256);
    expect(heard.flat()).toEqual(all);
  });

  it('a listener that throws fails the emission it was hearing; the others are delivered', async () => {
    const bus = new ReadingsBus();
    const heard: number[] = [];
    bus.subscribe((rs) => {
      if (rs[0].ts === 2) throw new Error('detector defect');
      heard.push(rs[0].ts);
    });
    const [a, b, c] = [1, 2, 3].map((ts) => bus.emit(many(1, ts)));
    await expect(b).rejects.toThrow('detector defect');
    await expect(Promise.all([a, c])).resolves.toBeDefined();
    expect(heard).toEqual([1, 3]);
  });

  it('scale-out: the emission settles once the readings log has them, and the listeners hear them only then', async () => {
    const bus = new ReadingsBus();
    const heard: Reading[][] = [];
    bus.subscribe((rs) => heard.push([...rs]));
    let appended!: () => void;
    bus.attach({ publish: () => new Promise<void>((res) => (appended = res)) });
    const emitted = bus.emit([r]);
    await turn();
    expect(heard).toEqual([]);
    appended();
    await emitted;
    expect(heard).toEqual([[r]]);
  });

  it('scale-out: a failed append fails the emission (the message is not acknowledged) and nobody hears it', async () => {
    const bus = new ReadingsBus();
    const heard: Reading[][] = [];
    bus.subscribe((rs) => heard.push([...rs]));
    bus.attach({ publish: () => Promise.reject(new Error('READONLY')) });
    await expect(bus.emit([r])).rejects.toThrow('READONLY');
    expect(heard).toEqual([]);
  });
});
