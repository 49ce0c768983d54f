import { Batcher } from './batcher.js';

describe('Batcher (group commit)', () => {
  it('coalesces writes issued in the same tick and splits at maxBatch', async () => {
    const sent: number[][] = [];
    const b = new Batcher<number>({ maxBatch: 4, maxInFlight: 2, send: async (xs) => void sent.push(xs) });
    await Promise.all([b.add([1, 2]), b.add([3]), b.add([4, 5, 6, 7, 8, 9])]);
    expect(sent).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });

  it('rejects only the callers whose items were in a failed request', async () => {
    let calls = 0;
    const b = new Batcher<string>({
      maxBatch: 2,
      maxInFlight: 1,
      send: async () => {
        if (++calls === 2) throw new Error('server said no');
      },
    });
    const results = await Promise.allSettled([b.add(['a', 'b']), b.add(['c']), b.add(['d', 'e'])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    // 'e' travelled alone in the third request, which succeeded, but its caller's 'd' failed with 'c'
  });

  it('never has more than maxInFlight requests open and drains', async () => {
    let open = 0;
    let peak = 0;
    const b = new Batcher<number>({
      maxBatch: 1,
      maxInFlight: 3,
      send: async () => {
        peak = Math.max(peak, ++open);
        await new Promise((r) => setTimeout(r, 2));
        open--;
      },
    });
    void b.add(Array.from({ length: 20 }, (_, i) => i));
    await b.drain();
    expect(peak).toBe(3);
    expect(open).toBe(0);
  });
});
