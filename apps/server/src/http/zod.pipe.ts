import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { parseBody, type ApiProblemCode } from '#contracts';
import { badRequest } from './api-error.js';

export interface ZodPipeOptions {
  /** maps the API's problem codes onto a route family's own reason codes (the ledger's) */
  recode?: (code: ApiProblemCode, issue: z.core.$ZodIssue) => ApiProblemCode;
  /** the refusal's reason code, for routes that answer with one (the simulator's controls: BAD_REQUEST) */
  reason?: string;
}

/**
 * The one validation step at the boundary: a body or a query string parsed against its schema in libs/contracts;
 * the controller receives the parsed, typed value, or the request is answered 400 with every problem listed.
 * `@Body(zod(Schema))`, `@Query(zod(Schema))`.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    readonly schema: S,
    private readonly options: ZodPipeOptions = {},
  ) {}

  transform(value: unknown): z.output<S> {
    const r = parseBody(this.schema, value, this.options.recode);
    if (!r.ok) throw badRequest(r.problems, this.options.reason);
    return r.value;
  }
}

export const zod = <S extends z.ZodType>(schema: S, options?: ZodPipeOptions): ZodPipe<S> =>
  new ZodPipe(schema, options);
