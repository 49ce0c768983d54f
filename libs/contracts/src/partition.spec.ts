import { fnv1a32, partitionOf } from './partition.js';

describe('plant partitions', () => {
  it('is FNV-1a 32 (the published test vectors)', () => {
    // draft-eastlake-fnv, test vectors for FNV-1a 32
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes UTF-8 bytes, so every runtime agrees on non-ASCII plant ids', () => {
    expect(fnv1a32('é')).toBe(fnv1a32('\u00e9'));
    expect(fnv1a32('é')).not.toBe(fnv1a32('\u0065\u0301'.normalize('NFD')));
  });

  it('puts every plant in [0, partitions) and the same plant always in the same one', () => {
    for (const id of ['plant-1', 'xi-an-cement', '秦岭电厂', 'a'])
      for (const n of [1, 2, 7, 32, 1024]) {
        const p = partitionOf(id, n);
        expect(Number.isInteger(p) && p >= 0 && p < n).toBe(true);
        expect(partitionOf(id, n)).toBe(p);
      }
  });

  it('spreads plants over the partitions', () => {
    const counts = new Array<number>(32).fill(0);
    for (let i = 0; i < 3200; i++) counts[partitionOf(`plant-${i}`, 32)]++;
    // 100 expected per partition; a uniform spread stays well within ±40 %
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(140);
  });

  it('refuses a partition count that is not a positive integer', () => {
    expect(() => partitionOf('p', 0)).toThrow(RangeError);
    expect(() => partitionOf('p', 1.5)).toThrow(RangeError);
  });
});
