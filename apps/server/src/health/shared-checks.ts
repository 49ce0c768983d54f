import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';
import type { ProcessRoles, Role } from '../config/roles.js';
import { SharedRedis } from '../redis/redis.module.js';
import { StateDb } from '../state/state-db.js';
import { PROCESS_ROLES } from '../tokens.js';
import { Readiness } from './readiness.js';

/**
 * Detection and api processes work from the shared state store and reach each other through Redis: each of these
 * roles is ready only while both answer. (The all-in-one process has its state store in its own data directory.)
 */
@Injectable()
export class SharedStateChecks implements OnModuleInit {
  constructor(
    private readonly readiness: Readiness,
    @Inject(StateDb) private readonly state: StateDb,
    private readonly redis: SharedRedis,
    @Inject(PROCESS_ROLES) private readonly roles: ProcessRoles,
  ) {}

  onModuleInit(): void {
    if (this.roles.all) return;
    const roles: Role[] = ['detection', 'api'];
    for (const role of roles.filter((r) => this.roles[r])) {
      this.readiness.register(role, 'state', () => this.stateProblem());
      this.readiness.register(role, 'redis', () => this.redis.problem());
    }
  }

  private async stateProblem(): Promise<string | undefined> {
    try {
      await sql`select 1`.execute(this.state.db);
      return undefined;
    } catch (e) {
      return `state store unreachable: ${(e as Error).message}`;
    }
  }
}
