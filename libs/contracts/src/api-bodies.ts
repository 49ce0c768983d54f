import { z } from 'zod';
import { EQUIPMENT_CLASSES } from './equipment-classes.js';
import { MAX_SHELVE_MS } from './kpis.js';
import { FaultSpecSchema } from './sim-control.js';
import { ID_PATTERN } from './topics.js';

/**
 * Lengths of the free text an API client may send. Everything a client writes is kept (the fleet overlay, every
 * alert's audit trail) and sent to every console and webhook subscriber, so each field has a bound.
 */
export const TEXT_LIMITS = {
  /** who did it: a user name */
  by: 64,
  /** an alert comment or a shelving reason */
  comment: 1000,
  /** a device's or gateway's display name */
  name: 128,
  /** a secret given instead of a generated one */
  secretMin: 8,
  secretMax: 256,
  /** nameplate: entries, key length, text value length */
  nameplateEntries: 32,
  nameplateKey: 64,
  nameplateText: 200,
} as const;

const id = z
  .string()
  .regex(ID_PATTERN, 'must be 1-64 letters, digits, "_", "." or "-", starting with a letter or digit');
const secret = z.string().min(TEXT_LIMITS.secretMin).max(TEXT_LIMITS.secretMax);

const rating = z.number().nonnegative().optional();
const nameplateText = z.string().max(TEXT_LIMITS.nameplateText).optional();

/** Nameplate ratings (Nameplate in fleet.ts): the known ones typed, any other a number, a short text or a flag. */
export const NameplateSchema = z
  .object({
    ratedKw: rating,
    ratedEfficiency: z.number().positive().max(100).optional(),
    poles: z.number().int().positive().max(100).optional(),
    ratedKva: rating,
    transformerType: z.enum(['oil', 'dry']).optional(),
    core: z.enum(['silicon', 'amorphous']).optional(),
    p0Kw: rating,
    pkKw: rating,
    ratedOutputTph: rating,
    boilerType: nameplateText,
    fuel: nameplateText,
    product: nameplateText,
    ratedFlow: rating,
    cooling: z.enum(['air', 'water']).optional(),
    ratedHead: rating,
  })
  .catchall(z.union([z.number(), z.string().max(TEXT_LIMITS.nameplateText), z.boolean(), z.null()]))
  .refine((r) => Object.keys(r).length <= TEXT_LIMITS.nameplateEntries, {
    message: `at most ${TEXT_LIMITS.nameplateEntries} entries`,
  })
  .refine((r) => Object.keys(r).every((k) => k.length <= TEXT_LIMITS.nameplateKey), {
    message: `entry names of at most ${TEXT_LIMITS.nameplateKey} characters`,
  });

/** `POST /api/fleet/devices` and `PUT /api/fleet/plants/:plantId/devices/:deviceId`. */
export const DeviceUpsertSchema = z.strictObject({
  id: id.optional(),
  plantId: id.optional(),
  class: z.enum(EQUIPMENT_CLASSES),
  name: z.string().max(TEXT_LIMITS.name).optional(),
  nameplate: NameplateSchema,
  /** the plant's unit or area (fleet-check.ts: 1-64 printable characters) */
  area: z.string().min(1).max(64).optional(),
  gatewayId: id.optional(),
  secret: secret.optional(),
});

/** `POST /api/fleet/devices`: a new device, named in full. */
export const DeviceCreateSchema = DeviceUpsertSchema.extend({ id, plantId: id });

/** `POST …/secret`: a secret of the caller's choosing, or none to have one generated. */
export const SecretRotationSchema = z.strictObject({ secret: secret.optional() });

/** `by` names the user (until authentication lands, supplied by the client). */
const by = z.string().max(TEXT_LIMITS.by).optional();
const comment = z.string().max(TEXT_LIMITS.comment);

/** `POST /api/alerts/:id/{acknowledge,resolve,unshelve}` (a body may be left out). */
export const AlertActionSchema = z.strictObject({ by, comment: comment.optional() }).default({});

/** `POST /api/alerts/:id/shelve` (ISA-18.2: a reason and a time limit). */
export const ShelveSchema = z.strictObject({
  by,
  reason: comment.refine((s) => s.trim().length > 0, 'shelving needs a reason'),
  durationMs: z.number().positive().max(MAX_SHELVE_MS),
});

/** `POST /api/detection/plants/:plantId/devices/:deviceId/relearn`: after maintenance, learn the baseline again. */
export const RelearnSchema = z.strictObject({
  by,
  /** what was done (the maintenance), kept in the detection audit */
  reason: z
    .string()
    .max(500)
    .refine((s) => s.trim().length > 0, 'a re-learn needs a reason (e.g. the maintenance done)'),
});

/** `POST /api/sim/scenarios`: a scenario document, as in a scenario YAML file (the simulator checks the rest). */
export const StartScenarioSchema = z.strictObject({ scenario: z.record(z.string(), z.unknown()) });

/** `POST /api/sim/faults`: inject into the demo plant (runId 'demo', the default) or a running scenario. */
export const InjectFaultSchema = z.strictObject({
  runId: id.optional(),
  fault: FaultSpecSchema,
});

export type DeviceUpsert = z.infer<typeof DeviceUpsertSchema>;
export type DeviceCreate = z.infer<typeof DeviceCreateSchema>;
export type SecretRotation = z.infer<typeof SecretRotationSchema>;
export type AlertActionRequest = z.infer<typeof AlertActionSchema>;
export type ShelveRequest = z.infer<typeof ShelveSchema>;
export type RelearnRequest = z.infer<typeof RelearnSchema>;
export type StartScenarioRequest = z.infer<typeof StartScenarioSchema>;
export type InjectFaultRequest = z.infer<typeof InjectFaultSchema>;
