import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { DeadLetterPageSchema, DeadLetterQuerySchema } from '#contracts';
import { describe } from '../http/openapi-operation.js';

/** The dead letters (dead-letter.controller.ts). */
export function describeDeadLetters(r: OpenAPIRegistry): void {
  describe(r, {
    method: 'get',
    path: '/api/dead-letters',
    summary: 'Rejected messages with their reason code and raw payload, newest first, paged by cursor',
    tag: 'ingest',
    query: DeadLetterQuerySchema,
    response: DeadLetterPageSchema,
  });
}
