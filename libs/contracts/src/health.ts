import { z } from 'zod';

/** the roles a process runs (QW_ROLES): all three in the all-in-one process */
const roles = z.array(z.enum(['ingest', 'detection', 'api']));

/** `GET /health`: the process is alive, with its roles, and the ingest counters where it runs ingest. */
export const HealthBodySchema = z
  .object({
    status: z.literal('ok'),
    roles,
    counters: z
      .object({
        /** messages received, readings accepted, written to the store, waiting in the spool */
        received: z.number(),
        accepted: z.number(),
        written: z.number(),
        spoolPending: z.number(),
        /** rejections by reason code (REJECT_REASONS) */
        rejected: z.record(z.string(), z.number()),
      })
      .optional(),
  })
  .meta({ id: 'Health' });
export type HealthBody = z.infer<typeof HealthBodySchema>;

/** the all-in-one process's checks (a process of chosen roles names them `role.check`, e.g. `ingest.store`) */
export const READY_CHECKS = ['broker', 'spool', 'store'] as const;

/**
 * `GET /ready`: whether the process can do its roles' work now (200), and if not (503) why, in words. The checks per
 * role: ingest `broker`, `spool`, `store`; detection `state`, `redis`, `partitions`; api `state`, `redis`.
 */
export const ReadyBodySchema = z
  .object({
    ready: z.boolean(),
    roles,
    checks: z.record(z.string(), z.boolean()),
    /** why each failing check fails, in words an operator can act on */
    reasons: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'Ready' });
export type ReadyBody = z.infer<typeof ReadyBodySchema>;
