import { expect } from '@jest/globals';
import { z } from 'zod';

/**
 * A real answer read with its response schema from libs/contracts (the one the OpenAPI document is generated from):
 * it must parse, and parsing must give it back unchanged, so a field the answer has and the schema lacks fails too.
 */
export function answerOf<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body);
  if (!r.success) throw new Error(`the answer does not match its schema:\n${z.prettifyError(r.error)}`);
  expect(r.data).toEqual(body);
  return r.data;
}
