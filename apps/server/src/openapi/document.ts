import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { describeAlerts } from '../alerts/alerts.openapi.js';
import { describeDeadLetters } from '../dead-letter/dead-letter.openapi.js';
import { describeDetection } from '../detection/detection.openapi.js';
import { describeFleet } from '../fleet/fleet.openapi.js';
import { describeHealth } from '../health/health.openapi.js';
import { describeHistory } from '../history/history.openapi.js';
import { describeLedger } from '../ledger/ledger.openapi.js';
import { describeRegulator } from '../regulator/regulator.openapi.js';
import { describeSimControl } from '../sim-control/sim-control.openapi.js';
import { describe, SECURITY_SCHEMES } from '../http/openapi-operation.js';

/** The API document's own operations: the document and its browsable page, both public. */
function describeSelf(r: OpenAPIRegistry): void {
  const tag = 'api';
  describe(r, {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document (OpenAPI 3.1), generated from the schemas the server validates with',
    tag,
    public: true,
    response: { 'application/json': 'an OpenAPI 3.1 document' },
  });
  describe(r, {
    method: 'get',
    path: '/api/docs',
    summary: 'This document as a browsable page (Swagger UI, served by the server itself)',
    tag,
    public: true,
    response: { 'text/html': 'the page' },
  });
}

/**
 * The REST API as OpenAPI 3.1, generated from the zod schemas in libs/contracts that the validation pipe checks
 * requests against: each feature folder describes its own routes beside its controller.
 */
export function openApiDocument() {
  const r = new OpenAPIRegistry();
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) r.registerComponent('securitySchemes', name, scheme);
  for (const d of [
    describeSelf,
    describeHealth,
    describeFleet,
    describeDeadLetters,
    describeHistory,
    describeAlerts,
    describeDetection,
    describeRegulator,
    describeSimControl,
    describeLedger,
  ])
    d(r);
  return new OpenApiGeneratorV31(r.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'qinwatt API',
      version: '0.1.0',
      description:
        'Monitoring of key energy-using industrial equipment. Metrics are in canonical units. Every refusal is one ' +
        'error body (ApiError) listing every problem with its field and code.',
    },
    security: [{ qw_session: [] }, { apiToken: [] }],
  });
}
