import { Controller, Get, Query } from '@nestjs/common';
import { DeadLetterQuerySchema, type DeadLetterPage, type DeadLetterQuery } from '#contracts';
import { zod } from '../http/zod.pipe.js';
import { DeadLetterStore } from './dead-letter.store.js';
import { Caller, Roles } from '../auth/decorators.js';
import { Access } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';

/** `GET /api/dead-letters?reason=&deviceId=&plantId=&since=&limit=&cursor=`: newest first, paged by cursor. */
@Controller('api/dead-letters')
export class DeadLetterController {
  constructor(
    private readonly store: DeadLetterStore,
    private readonly access: Access,
  ) {}

  @Get()
  @Roles('technician')
  async list(@Caller() p: Principal, @Query(zod(DeadLetterQuerySchema)) q: DeadLetterQuery): Promise<DeadLetterPage> {
    const page = await this.store.query(q);
    // a letter whose topic names no plant is an admin's to read; a page may come back shorter than `limit`
    return { ...page, items: this.access.filter(p, page.items, (l) => l.plantId) };
  }
}
