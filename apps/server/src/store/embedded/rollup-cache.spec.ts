import { ByteBoundedCache } from './rollup-cache.js';

describe('ByteBoundedCache', () => {
  it('drops the least recently used beyond its byte budget and never keeps an entry larger than it', () => {
    const c = new ByteBoundedCache<string>(10);
    c.set('a', 'A', 4);
    c.set('b', 'B', 4);
    expect(c.get('a')).toBe('A'); // a is now the most recently used
    c.set('c', 'C', 4); // 12 bytes: b goes
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual(['A', undefined, 'C']);
    c.set('big', 'X', 11);
    expect(c.get('big')).toBeUndefined();
    c.delete('a');
    c.set('d', 'D', 6); // 4 (c) + 6 = 10: fits once a's bytes were given back
    expect([c.get('c'), c.get('d')]).toEqual(['C', 'D']);
  });
});
