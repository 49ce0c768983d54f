import { InOrderSlices, mapInSlices } from './slices.js';

describe('serialising a store batch in slices', () => {
  it('maps every item, in order, with a turn of the event loop between slices', async () => {
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const ticks: number[] = [];
    const out = await mapInSlices(
      Array.from({ length: 2500 }, (_, i) => i),
      (i) => {
        if (i % 1000 === 0) ticks.push(turns);
        return i * 2;
      },
      1000,
    );
    ticking = false;
    expect(out).toEqual(Array.from({ length: 2500 }, (_, i) => i * 2));
    // other work ran between the slices: the loop was given back, not held for the whole batch
    expect(ticks[1]).toBeGreaterThan(ticks[0]);
    expect(ticks[2]).toBeGreaterThan(ticks[1]);
  });

  it('hands a small batch on after a large one called before it', async () => {
    const slices = new InOrderSlices();
    const done: string[] = [];
    const big = slices.map(new Array(5000).fill(0), (x) => x).then(() => done.push('big'));
    const small = slices.map([1], (x) => x).then(() => done.push('small'));
    await Promise.all([big, small]);
    expect(done).toEqual(['big', 'small']);
  });
});
