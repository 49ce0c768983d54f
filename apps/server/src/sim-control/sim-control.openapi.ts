import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  ActiveFaultSchema,
  ClearFaultsQuerySchema,
  FaultSpecSchema,
  InjectFaultSchema,
  ReplayQuerySchema,
  SimRunInfoSchema,
  SimStatusSchema,
  StartScenarioSchema,
} from '#contracts';
import { describe, pathParams } from '../http/openapi-operation.js';

const tag = 'simulator';
const run = pathParams('id');

/** The simulator controls (sim-control.controller.ts); every refusal carries a SimControlReason as `reason`. */
export function describeSimControl(r: OpenAPIRegistry): void {
  describe(r, {
    method: 'get',
    path: '/api/sim/runs',
    summary: 'The demo plant and the scenarios and replays running or recently ended',
    tag,
    response: SimStatusSchema,
  });
  describe(r, {
    method: 'get',
    path: '/api/sim/runs/{id}',
    summary: 'One run',
    tag,
    params: run,
    response: SimRunInfoSchema,
    errors: [404],
  });
  describe(r, {
    method: 'post',
    path: '/api/sim/scenarios',
    summary: 'Start a scenario on the platform’s own fleet',
    tag,
    body: StartScenarioSchema,
    response: SimRunInfoSchema,
    status: 202,
    errors: [409, 429],
  });
  describe(r, {
    method: 'post',
    path: '/api/sim/runs/{id}/stop',
    summary: 'Stop a run',
    tag,
    params: run,
    response: SimRunInfoSchema,
    status: 200,
    errors: [404],
  });
  describe(r, {
    method: 'post',
    path: '/api/sim/faults',
    summary: 'Inject a fault into the demo plant or a running scenario',
    tag,
    body: InjectFaultSchema,
    response: z.union([ActiveFaultSchema, z.object({ queued: FaultSpecSchema })]),
    errors: [404],
  });
  describe(r, {
    method: 'delete',
    path: '/api/sim/faults',
    summary: "Clear the demo plant's faults, of one device or all",
    tag,
    query: ClearFaultsQuerySchema,
    response: z.object({ cleared: z.number().int() }),
    errors: [404],
  });
  describe(r, {
    method: 'post',
    path: '/api/sim/replays',
    summary: 'Replay an uploaded recording or meter CSV (streamed to disk, every target checked before the 202)',
    tag,
    query: ReplayQuerySchema,
    rawBody: { 'application/x-ndjson': 'a recording (device-sim record)', 'text/csv': 'meter readings' },
    response: SimRunInfoSchema,
    status: 202,
    errors: [409, 413, 429],
  });
}
