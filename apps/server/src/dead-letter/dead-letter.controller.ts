import { Controller, Get, Query } from '@nestjs/common';
import { DeadLetterQuerySchema, type DeadLetterPage, type DeadLetterQuery } from '#contracts';
import { zod } from '../http/zod.pipe.js';
import { DeadLetterStore } from './dead-letter.store.js';

/** `GET /api/dead-letters?reason=&deviceId=&plantId=&since=&limit=&cursor=`: newest first, paged by cursor. */
@Controller('api/dead-letters')
export class DeadLetterController {
  constructor(private readonly store: DeadLetterStore) {}

  @Get()
  list(@Query(zod(DeadLetterQuerySchema)) q: DeadLetterQuery): Promise<DeadLetterPage> {
    return this.store.query(q);
  }
}
