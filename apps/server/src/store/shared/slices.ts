import { setImmediate as nextTurn } from 'node:timers/promises';

/** readings serialised between two turns of the event loop: about 1 ms of work on a 2-core machine */
export const SLICE = 1000;

/**
 * `items.map(fn)`, a slice at a time with a turn of the event loop between slices: a store batch (5,000 readings)
 * serialised in one go held the loop for several milliseconds, and every PUBACK, PUBLISH and socket frame due
 * meanwhile waited behind it.
 */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T) => R, slice = SLICE): Promise<R[]> {
  const out = new Array<R>(items.length);
  for (let at = 0; at < items.length; at += slice) {
    if (at > 0) await nextTurn();
    const end = Math.min(items.length, at + slice);
    for (let i = at; i < end; i++) out[i] = fn(items[i]);
  }
  return out;
}

/**
 * mapInSlices for one store's writes, in the order they were called: a small batch called after a large one is not
 * handed on first (the spool writer keeps several batches on their way at once).
 */
export class InOrderSlices {
  private last: Promise<unknown> = Promise.resolve();

  map<T, R>(items: readonly T[], fn: (item: T) => R): Promise<R[]> {
    const run = this.last.then(() => mapInSlices(items, fn));
    // the chain keeps no batch alive once it is handed on
    this.last = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
