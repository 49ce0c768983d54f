import { z } from 'zod';

/** `GET /health`: the process is alive, with the ingest counters. */
export const HealthBodySchema = z
  .object({
    status: z.literal('ok'),
    counters: z.object({
      /** messages received, readings accepted, written to the store, waiting in the spool */
      received: z.number(),
      accepted: z.number(),
      written: z.number(),
      spoolPending: z.number(),
      /** rejections by reason code (REJECT_REASONS) */
      rejected: z.record(z.string(), z.number()),
    }),
  })
  .meta({ id: 'Health' });
export type HealthBody = z.infer<typeof HealthBodySchema>;

export const READY_CHECKS = ['broker', 'spool', 'store'] as const;
const checks = z.object({ broker: z.boolean(), spool: z.boolean(), store: z.boolean() });

/** `GET /ready`: whether the platform can take readings now (200), and if not (503) why, in words. */
export const ReadyBodySchema = z
  .object({
    ready: z.boolean(),
    checks,
    /** why each failing check fails, in words an operator can act on */
    reasons: z.object({ broker: z.string(), spool: z.string(), store: z.string() }).partial().optional(),
  })
  .meta({ id: 'Ready' });
export type ReadyBody = z.infer<typeof ReadyBodySchema>;
