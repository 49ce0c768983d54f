/**
 * Counter-based randomness: a value in [0, 1) from a seed and a few keys, with no stream to advance. A regime's
 * draws (a day's shift loads, a meter's ratio error, a day's weather) depend only on what they describe, so a
 * device's operating state at any data time is the same however it was sampled before.
 */
export function hashU(seed: number, ...keys: Array<number | string>): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const k of keys) {
    if (typeof k === 'number') h = mix(h ^ mix((k | 0) + 0x7f4a7c15 + Math.floor(k / 4294967296)));
    else for (let i = 0; i < k.length; i++) h = mix(h ^ k.charCodeAt(i));
  }
  return mix(h) / 4294967296;
}

/** murmur3's 32-bit finaliser */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** approximately standard normal from counter-based uniforms (Irwin-Hall, 4 terms) */
export function hashNormal(seed: number, ...keys: Array<number | string>): number {
  let s = 0;
  for (let i = 0; i < 4; i++) s += hashU(seed, ...keys, i);
  return (s - 2) * Math.sqrt(3);
}
