import type { Redis } from 'ioredis';
import type { Reading } from '#contracts';
import type { ReadingsSink } from '../bus/readings-bus.js';
import { byPartition, readingsKey } from './log-entries.js';

/**
 * The readings log, ingest side: a spooled message's readings are appended to the stream of each partition their
 * plants fall in (one entry per partition, field `r`), pipelined, before the broker's delivery is acknowledged.
 * Any failed append rejects, so the message is not acknowledged and the broker delivers it again; the owner skips
 * what it has already judged (the detection core ignores a reading at or before its device's last one).
 */
export class ReadingsLog implements ReadingsSink {
  constructor(
    private readonly redis: Redis,
    private readonly partitions: number,
  ) {}

  async publish(readings: readonly Reading[]): Promise<void> {
    const pipe = this.redis.pipeline();
    for (const [p, rs] of byPartition(readings, this.partitions))
      pipe.xadd(readingsKey(p), '*', 'r', JSON.stringify(rs));
    const results = await pipe.exec();
    if (!results) throw new Error('readings log: the append was discarded');
    for (const [err] of results) if (err) throw err;
  }
}
