import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import { rolesOf } from '../config/roles.js';
import type { Logger } from '../logger.js';
import { CONFIG, LOGGER } from '../tokens.js';

/**
 * The process's connection to Redis when it runs beside other qinwatt processes (QW_ROLES other than all): live
 * fan-out between processes goes through it. The all-in-one process has none. The process starts whether Redis
 * answers or not: the client reconnects on its own, and `/ready` says while it is away.
 */
export class SharedRedis {
  constructor(readonly client: Redis | undefined) {}

  /** why Redis cannot be used now, or undefined when it answers */
  async problem(): Promise<string | undefined> {
    if (!this.client) return 'no Redis configured (QW_REDIS_URL)';
    if (this.client.status !== 'ready') return `Redis not connected (${this.client.status})`;
    try {
      await this.client.ping();
      return undefined;
    } catch (e) {
      return `Redis does not answer: ${(e as Error).message}`;
    }
  }
}

export function connectRedis(config: AppConfig, log: Logger): SharedRedis {
  if (rolesOf(config).all || !config.redisUrl) return new SharedRedis(undefined);
  const client = new Redis(config.redisUrl, {
    connectionName: `qinwatt-${rolesOf(config).names.join('-')}`,
    // a command waits for the connection to come back rather than failing after a few retries: what is emitted
    // while Redis restarts reaches the consoles once it is back (the streams adapter resumes from its offset)
    maxRetriesPerRequest: null,
  });
  let down = false;
  client.on('ready', () => {
    down = false;
    log.info({ redis: redact(config.redisUrl) }, 'redis connected');
  });
  // the client retries on its own; one warning per lost connection, not one per attempt
  client.on('error', (e: Error) => {
    if (down) return;
    down = true;
    log.warn({ redis: redact(config.redisUrl), err: e.message }, 'redis unreachable; reconnecting');
  });
  return new SharedRedis(client);
}

/** the URL without its password, for the log */
const redact = (url: string): string => url.replace(/\/\/([^@/]*)@/, '//***@');

@Global()
@Module({
  providers: [{ provide: SharedRedis, useFactory: connectRedis, inject: [CONFIG, LOGGER] }],
  exports: [SharedRedis],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(SharedRedis) private readonly redis: SharedRedis) {}

  /** after the live gateway closed (Nest closes socket.io before this hook) */
  async onApplicationShutdown(): Promise<void> {
    await this.redis.client?.quit().catch(() => this.redis.client?.disconnect());
  }
}
