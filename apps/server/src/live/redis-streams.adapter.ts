import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';

/** the Redis stream the processes' socket.io servers share (one per deployment, bounded) */
export const LIVE_STREAM = 'qw:live';

/**
 * socket.io across processes (Nest's documented way to give gateways an adapter): what any process emits to a room
 * is added to one Redis stream that every process reads, so it reaches the sockets in that room on every process.
 * A stream rather than PUB/SUB: a process that lost Redis for a while reads on from where it was once it is back,
 * so nothing emitted meanwhile is missed (within the stream's bound).
 */
export class RedisStreamsIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly redis: Redis,
  ) {
    super(app);
  }

  override createIOServer(...args: Parameters<IoAdapter['createIOServer']>): ReturnType<IoAdapter['createIOServer']> {
    const server = super.createIOServer(...args);
    // ~10,000 entries kept: at 4 coalesced frames a second per plant, minutes of a large site's live traffic
    server.adapter(createAdapter(this.redis, { streamName: LIVE_STREAM, maxLen: 10_000 }));
    return server;
  }
}
