import { rebalance } from './rebalance.js';

const set = (...xs: number[]) => new Set(xs);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

describe('rebalance', () => {
  it('a lone process takes every free partition', () => {
    const plan = rebalance({ partitions: 8, members: 1, mine: set(), held: set(), offset: 0 });
    expect(plan).toEqual({ target: 8, release: [], acquire: range(0, 8) });
  });

  it('a second process joining: the first lets go of the excess, the newcomer takes only free ones', () => {
    const all = set(...range(0, 8));
    expect(rebalance({ partitions: 8, members: 2, mine: all, held: all, offset: 0 })).toEqual({
      target: 4,
      release: [7, 6, 5, 4],
      acquire: [],
    });
    const newcomer = rebalance({ partitions: 8, members: 2, mine: set(), held: set(0, 1, 2, 3), offset: 5 });
    expect(newcomer.acquire).toEqual([5, 6, 7, 4]);
  });

  it("a process gone: its partitions are free, the survivor's share grows to take them", () => {
    const plan = rebalance({ partitions: 8, members: 1, mine: set(0, 1, 2, 3), held: set(0, 1, 2, 3), offset: 0 });
    expect(plan.acquire).toEqual([4, 5, 6, 7]);
  });

  it('fair shares cover every partition whatever the count of processes', () => {
    for (const partitions of [1, 7, 32])
      for (let members = 1; members <= 10; members++) {
        const { target } = rebalance({ partitions, members, mine: set(), held: set(), offset: 0 });
        expect(target * members).toBeGreaterThanOrEqual(partitions);
      }
  });

  it('converges: processes ticking in turn end with every partition owned once and no one above its share', () => {
    const partitions = 32;
    const owners = [new Set<number>(), new Set<number>(), new Set<number>()];
    for (let tick = 0; tick < 6; tick++)
      owners.forEach((mine, k) => {
        const held = new Set(owners.flatMap((o) => [...o]));
        const plan = rebalance({ partitions, members: owners.length, mine, held, offset: k * 11 });
        plan.release.forEach((p) => mine.delete(p));
        plan.acquire.forEach((p) => mine.add(p));
      });
    const all = owners.flatMap((o) => [...o]).sort((a, b) => a - b);
    expect(all).toEqual(range(0, partitions));
    for (const o of owners) expect(o.size).toBeLessThanOrEqual(11);
  });

  it('takes nothing when its share is reached or nothing is free', () => {
    expect(rebalance({ partitions: 4, members: 2, mine: set(0, 1), held: set(0, 1), offset: 0 }).acquire).toEqual([]);
    expect(rebalance({ partitions: 4, members: 2, mine: set(0), held: set(0, 1, 2, 3), offset: 0 }).acquire).toEqual(
      [],
    );
  });
});
