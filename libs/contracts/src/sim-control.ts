import { z } from 'zod';

/**
 * The simulator's fault models and the platform's simulator-control API (/api/sim): shared by the simulator,
 * the server module that hosts it and the console that will drive it.
 */
export const FAULT_TYPES = {
  efficiency_step: 'efficiency falls at once by `drop` (0.05 = 5 %)',
  degradation: 'efficiency falls gradually by `perDay` (0.01 = 1 % per day of data time)',
  sensor_stuck: '`metric` (or every metric) repeats its last value',
  sensor_spike: '`metric` is multiplied by `factor` (default 5) on every `every`-th reading (default 1)',
  dropout: 'readings are not sent; with `metric`, only that metric is left out',
  clock_skew: 'timestamps are shifted by `skew` (e.g. 10m, or -2h as a string)',
  duplicate: 'each reading is sent twice',
  late: 'readings are sent `delay` after their data time (e.g. 10m), out of order',
  malformed: 'payloads are broken: `mode` json (truncated), schema (bare numbers), unit (unknown unit)',
  wrong_credentials: 'the device connects with a wrong password',
} as const;
export type FaultType = keyof typeof FAULT_TYPES;

const offset = z.union([z.string().max(32), z.number()]);

/** A fault as written in a scenario file or sent to the control API. Times are offsets from the run start. */
export const FaultSpecSchema = z
  .strictObject({
    type: z.enum(Object.keys(FAULT_TYPES) as [FaultType]),
    device: z.string().min(1).max(64),
    plant: z.string().min(1).max(64).optional(),
    /** when it starts: data-time offset from the run start (10m, 2h), or absolute epoch ms as `atTs` */
    at: offset.optional(),
    atTs: z.number().optional(),
    /** when it ends (offset); absent = until the run stops */
    until: offset.optional(),
    drop: z.number().optional(),
    perDay: z.number().optional(),
    metric: z.string().max(64).optional(),
    factor: z.number().optional(),
    every: z.number().optional(),
    skew: offset.optional(),
    delay: offset.optional(),
    mode: z.enum(['json', 'schema', 'unit']).optional(),
  })
  .meta({ id: 'FaultSpec' });
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

/** A fault resolved against a run: absolute data times (`to` null = open-ended in JSON), numbers checked. */
export const ActiveFaultSchema = z
  .object({
    id: z.string(),
    type: z.enum(Object.keys(FAULT_TYPES) as [FaultType]),
    device: z.string(),
    plant: z.string().optional(),
    from: z.number(),
    to: z.number(),
    drop: z.number(),
    perDay: z.number(),
    metric: z.string().optional(),
    factor: z.number(),
    every: z.number(),
    skewMs: z.number(),
    delayMs: z.number(),
    mode: z.enum(['json', 'schema', 'unit']),
  })
  .meta({ id: 'ActiveFault' });
export type ActiveFault = z.infer<typeof ActiveFaultSchema>;

export type SimRunKind = 'scenario' | 'replay';
export type SimRunState = 'running' | 'done' | 'stopped' | 'failed';

/** GET /api/sim/runs/:id, and each item of GET /api/sim/runs. */
export const SimRunInfoSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['scenario', 'replay']),
    name: z.string(),
    state: z.enum(['running', 'done', 'stopped', 'failed']),
    /** wall-clock epoch ms */
    startedAt: z.number(),
    endedAt: z.number().optional(),
    /** sent / acknowledged counts and data-time span, once known */
    result: z.record(z.string(), z.unknown()).optional(),
    error: z.string().optional(),
    faults: z.array(ActiveFaultSchema).optional(),
  })
  .meta({ id: 'SimRunInfo' });
export type SimRunInfo = z.infer<typeof SimRunInfoSchema>;

/** GET /api/sim/runs */
export const SimStatusSchema = z
  .object({
    /** the platform's MQTT broker port (TCP), where simulators and `device-sim verify` publish */
    mqttPort: z.number().int(),
    demo: z.object({ runId: z.string(), devices: z.number().int(), faults: z.array(ActiveFaultSchema) }).nullable(),
    runs: z.array(SimRunInfoSchema),
  })
  .meta({ id: 'SimStatus' });
export type SimStatus = z.infer<typeof SimStatusSchema>;

/** Why the simulator-control API refused a request: the `reason` of its error body. */
export const SIM_CONTROL_REASONS = {
  BAD_REQUEST: 'the request is not what the endpoint takes (the message says what)',
  BAD_RECORDING: 'the uploaded recording or CSV cannot be read (the message names the line)',
  UPLOAD_TOO_LARGE: 'the upload is larger than the limit; replay larger recordings with the device-sim CLI',
  UNKNOWN_DEVICE: 'the run targets a device or gateway the platform does not know; register it or map it (map=old=new)',
  NO_CREDENTIALS: 'the fleet file holds no secret for a target, so the platform cannot log in as it',
  DEVICE_BUSY: 'another running scenario or replay drives this device; stop it first',
  TOO_MANY_RUNS: 'the platform runs a bounded number of scenarios, replays and uploads at once; stop one or wait',
  NO_SUCH_RUN: 'no run with this id (finished runs are kept a while, then forgotten)',
  DEMO_OFF: 'the demo plant is not running (QW_DEMO=false)',
} as const;
export type SimControlReason = keyof typeof SIM_CONTROL_REASONS;
