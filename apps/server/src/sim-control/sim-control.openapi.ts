import { FAULT_TYPES } from '#contracts';

const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
const runId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

/** The simulator-control endpoints for the OpenAPI document (shapes: libs/contracts/src/sim-control.ts). */
export const SIM_CONTROL_PATHS = {
  '/api/sim/runs': {
    get: {
      operationId: 'simStatus',
      summary: 'Demo plant faults, scenario and replay runs',
      responses: { '200': json('SimStatus') },
    },
  },
  '/api/sim/runs/{id}': {
    get: {
      operationId: 'simRun',
      summary: 'One run',
      parameters: [runId],
      responses: { '200': json('SimRunInfo'), '404': { description: 'no such run' } },
    },
  },
  '/api/sim/runs/{id}/stop': {
    post: {
      operationId: 'simStop',
      summary: 'Stop a scenario or replay',
      parameters: [runId],
      responses: { '200': json('SimRunInfo'), '404': { description: 'no such run' } },
    },
  },
  '/api/sim/scenarios': {
    post: {
      operationId: 'simStartScenario',
      summary: 'Run a scenario (as in a scenario file) on the platform fleet, in compressed data time',
      requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['scenario'] } } } },
      responses: {
        '202': json('SimRunInfo'),
        '400': json('SimControlErrorBody: BAD_REQUEST (invalid scenario; `message` says why) or UNKNOWN_DEVICE'),
        '409': json('SimControlErrorBody: DEVICE_BUSY'),
        '429': json('SimControlErrorBody: TOO_MANY_RUNS'),
      },
    },
  },
  '/api/sim/faults': {
    post: {
      operationId: 'simInjectFault',
      summary: 'Inject a fault into a device of the demo plant (runId demo) or of a running scenario',
      requestBody: {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['fault'],
              properties: {
                runId: { type: 'string', default: 'demo' },
                fault: {
                  type: 'object',
                  required: ['type', 'device'],
                  properties: { type: { type: 'string', enum: Object.keys(FAULT_TYPES) }, device: { type: 'string' } },
                },
              },
            },
          },
        },
      },
      responses: {
        '201': json('ActiveFault'),
        '400': { description: 'invalid fault' },
        '404': { description: 'no such run' },
      },
    },
    delete: {
      operationId: 'simClearFaults',
      summary: 'Remove injected faults from the demo plant',
      parameters: [
        { name: 'runId', in: 'query', schema: { type: 'string', default: 'demo' } },
        { name: 'device', in: 'query', schema: { type: 'string' } },
      ],
      responses: { '200': json('{ cleared }') },
    },
  },
  '/api/sim/replays': {
    post: {
      operationId: 'simReplay',
      summary: 'Replay an uploaded recording (JSON lines) or meter CSV into the platform',
      parameters: [
        { name: 'speed', in: 'query', schema: { type: 'string', default: '1' }, description: '1-10000 or max' },
        { name: 'map', in: 'query', schema: { type: 'string' }, description: 'device ids, old=new,…' },
        { name: 'plantMap', in: 'query', schema: { type: 'string' } },
        { name: 'retime', in: 'query', schema: { type: 'boolean' } },
      ],
      requestBody: {
        content: { 'application/x-ndjson': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } },
      },
      responses: {
        '202': json('SimRunInfo'),
        '400': json('SimControlErrorBody: BAD_RECORDING, UNKNOWN_DEVICE (named), NO_CREDENTIALS or BAD_REQUEST'),
        '409': json('SimControlErrorBody: DEVICE_BUSY, another run drives a target'),
        '413': json('SimControlErrorBody: UPLOAD_TOO_LARGE (recordings 64 MiB, CSV 8 MiB)'),
        '429': json('SimControlErrorBody: TOO_MANY_RUNS (4 runs and uploads at once)'),
      },
    },
  },
};
