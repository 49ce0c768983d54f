/** Seeded PRNG (mulberry32): the same seed gives the same sequence, so a simulated run is reproducible. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** standard normal via Box-Muller */
  normal(mean = 0, sd = 1): number {
    const u = Math.max(this.next(), 1e-12);
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** Derives a per-device seed from the run seed and the device id, so adding a device does not shift the others. */
export function deviceSeed(seed: number, deviceId: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < deviceId.length; i++) h = Math.imul(h ^ deviceId.charCodeAt(i), 16777619);
  return h >>> 0;
}
