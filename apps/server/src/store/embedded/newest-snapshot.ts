import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Reading } from '#contracts';
import { writeAtomic, type Segments } from './segments.js';

/**
 * Each series' newest reading, written every minute and at close, with how far into each telemetry day file it
 * reflects, so a restart reads only the bytes appended since instead of every day file.
 */
export interface NewestSnapshot {
  readings: Reading[];
  /** telemetry day file → bytes already reflected in `readings` */
  offsets: Record<string, number>;
}

const snapshotPath = (seg: Segments): string => join(seg.root, 'newest.json');

/** the snapshot, or an empty one when there is none (or it is torn: the day files are then read whole) */
export function readNewestSnapshot(seg: Segments): NewestSnapshot {
  try {
    return JSON.parse(readFileSync(snapshotPath(seg), 'utf8')) as NewestSnapshot;
  } catch {
    return { readings: [], offsets: {} };
  }
}

export async function writeNewestSnapshot(
  seg: Segments,
  measurement: string,
  newest: Iterable<Reading>,
): Promise<void> {
  const offsets: Record<string, number> = {};
  for (const day of seg.days('raw', measurement)) offsets[day] = statSync(seg.rawPath(measurement, day)).size;
  await writeAtomic(snapshotPath(seg), JSON.stringify({ readings: [...newest], offsets }));
}
