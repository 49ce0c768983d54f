import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { REJECT_REASONS, type DeadLetterPage } from '#contracts';
import { DeadLetterStore } from './dead-letter.store.js';

const int = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new BadRequestException(`${name} must be a non-negative integer`);
  return Number(v);
};

/** `GET /api/dead-letters?reason=&deviceId=&plantId=&since=&limit=&cursor=`: newest first, paged by cursor. */
@Controller('api/dead-letters')
export class DeadLetterController {
  constructor(private readonly store: DeadLetterStore) {}

  @Get()
  list(
    @Query('reason') reason?: string,
    @Query('deviceId') deviceId?: string,
    @Query('plantId') plantId?: string,
    @Query('since') since?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ): Promise<DeadLetterPage> {
    if (reason && !(reason in REJECT_REASONS))
      throw new BadRequestException(`unknown reason ${reason}; one of ${Object.keys(REJECT_REASONS).join(', ')}`);
    const sinceMs = !since ? undefined : /^\d+$/.test(since) ? Number(since) : Date.parse(since);
    if (sinceMs !== undefined && !Number.isFinite(sinceMs))
      throw new BadRequestException('since must be epoch ms or ISO-8601');
    return this.store.query({
      reason,
      deviceId,
      plantId,
      since: sinceMs,
      limit: int('limit', limit),
      cursor: int('cursor', cursor),
    });
  }
}
