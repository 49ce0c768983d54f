import { MAX_SHELVE_MS, TEXT_LIMITS } from '#contracts';

const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const alert = { description: 'the alert after the action, with its audit trail in `history`' };
const problems = {
  '400': {
    description: 'missing comment / reason, a text too long or a bad duration; `problems` lists each with its code',
  },
  '404': { description: 'no such alert' },
  '409': { description: 'the action does not apply in the alert’s state' },
};
const body = (required: string[], properties: Record<string, unknown>) => ({
  required: true,
  content: { 'application/json': { schema: { type: 'object', required, properties } } },
});
const by = { type: 'string', maxLength: TEXT_LIMITS.by, description: 'the user acting (recorded in the audit trail)' };
const text = { type: 'string', maxLength: TEXT_LIMITS.comment };

/** The alert endpoints, for the OpenAPI document. */
export const ALERT_PATHS = {
  '/api/alerts': {
    get: {
      operationId: 'listAlerts',
      summary: 'Alerts, newest change first; every filter takes a comma-separated list',
      parameters: ['plantId', 'deviceId', 'state', 'priority', 'kind'].map((name) => ({
        name,
        in: 'query',
        required: false,
        schema: { type: 'string' },
      })),
      responses: { '200': { description: 'alerts with evidence and audit trail' } },
    },
  },
  '/api/alerts/floods': {
    get: {
      operationId: 'alertFloods',
      summary: 'Flood episodes per plant',
      responses: { '200': { description: 'ok' } },
    },
  },
  '/api/alerts/{id}': {
    get: {
      operationId: 'getAlert',
      summary: 'One alert with its evidence and audit trail',
      parameters: [id],
      responses: { '200': alert, '404': problems['404'] },
    },
  },
  '/api/alerts/{id}/acknowledge': {
    post: {
      operationId: 'acknowledgeAlert',
      parameters: [id],
      requestBody: body([], { by, comment: text }),
      responses: { '201': alert, ...problems },
    },
  },
  '/api/alerts/{id}/resolve': {
    post: {
      operationId: 'resolveAlert',
      parameters: [id],
      requestBody: body(['comment'], { by, comment: text }),
      responses: { '201': alert, ...problems },
    },
  },
  '/api/alerts/{id}/shelve': {
    post: {
      operationId: 'shelveAlert',
      parameters: [id],
      requestBody: body(['reason', 'durationMs'], {
        by,
        reason: text,
        durationMs: { type: 'integer', minimum: 1, maximum: MAX_SHELVE_MS },
      }),
      responses: { '201': alert, ...problems },
    },
  },
  '/api/alerts/{id}/unshelve': {
    post: {
      operationId: 'unshelveAlert',
      parameters: [id],
      requestBody: body([], { by, comment: text }),
      responses: { '201': alert, ...problems },
    },
  },
};
