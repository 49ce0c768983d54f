/**
 * Plant partitions for scale-out mode: every plant belongs to one of `partitions` partitions, and every process
 * (ingest publishing readings, detection owning plants, the API routing alert actions) must compute the same one.
 * FNV-1a, 32-bit (Fowler–Noll–Vo, draft-eastlake-fnv): fast, stable across runtimes, spreads short ids well.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/** FNV-1a 32 over the string's UTF-8 bytes, as an unsigned integer. */
export function fnv1a32(s: string): number {
  let h = FNV_OFFSET;
  for (const byte of utf8.encode(s)) {
    h ^= byte;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** The partition of a plant, in [0, partitions). */
export function partitionOf(plantId: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) throw new RangeError(`partitions must be ≥ 1: ${partitions}`);
  return fnv1a32(plantId) % partitions;
}
