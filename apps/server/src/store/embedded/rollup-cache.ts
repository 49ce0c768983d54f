/**
 * Parsed values kept up to a budget of source bytes, least recently used out. Bounded in bytes rather than in
 * entries, so that memory follows the setting and not the size of what each entry holds (an hour's rollup file
 * grows with the fleet).
 */
export class ByteBoundedCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key); // re-insert: Map order is the LRU order
    this.entries.set(key, hit);
    return hit.value;
  }

  /** keeps `value` unless it alone is over the budget, then drops the least recently used beyond it */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [old, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(old);
      this.bytes -= v.bytes;
    }
  }

  delete(key: string): void {
    const v = this.entries.get(key);
    if (!v) return;
    this.entries.delete(key);
    this.bytes -= v.bytes;
  }
}
