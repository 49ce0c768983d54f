import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { parseBody } from '#contracts';
import { badRequest } from './api-error.js';

/** Validates a request body against its schema in libs/contracts: the parsed value, or a 400 listing every problem. */
export class ZodBody<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const r = parseBody(this.schema, value);
    if (!r.ok) throw badRequest(r.problems);
    return r.value;
  }
}
