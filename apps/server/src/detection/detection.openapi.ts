import { JUDGEMENT_REASONS } from '#contracts';
import { apiErrorSchema } from '../openapi/api-error.schema.js';

const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
const list = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } },
});
const param = (name: string, where: 'path' | 'query') => ({
  name,
  in: where,
  required: where === 'path',
  schema: { type: 'string' },
});

/** The KPI, detection-action and equipment-register endpoints for the OpenAPI document (kpis.controller.ts). */
export const DETECTION_PATHS = {
  '/api/kpis': {
    get: {
      operationId: 'listKpis',
      summary:
        'Newest KPI per device, with grade, limit and the unverified-baseline flag, its operating state and whether ' +
        'its efficiency was judged (`judgement.status`, and a reason code when not)',
      description: `Judgement reason codes: ${Object.keys(JUDGEMENT_REASONS).join(', ')}.`,
      parameters: [param('plantId', 'query')],
      responses: { '200': list('DeviceKpi[]') },
    },
  },
  '/api/detection/plants/{plantId}/devices/{deviceId}/relearn': {
    post: {
      operationId: 'relearnBaseline',
      summary: "After maintenance: learn the device's own baseline again from its next operating data (audited)",
      parameters: [param('plantId', 'path'), param('deviceId', 'path')],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['reason'],
              properties: {
                reason: { type: 'string', minLength: 1, maxLength: 500, description: 'what was done, e.g. the repair' },
                by: {
                  type: 'string',
                  default: 'operator',
                  description: 'the user acting (recorded in the audit trail, cut to 100 characters)',
                },
              },
            },
          },
        },
      },
      responses: {
        '201': json('DetectionAuditEntry: the audit entry; an open drift alert of the device is cleared'),
        '400': {
          description: 'no `reason` given, or one over 500 characters; one problem with code INVALID saying which',
          content: { 'application/json': { schema: apiErrorSchema } },
        },
        '404': { description: 'no such device' },
      },
    },
  },
  '/api/detection/audit': {
    get: {
      operationId: 'detectionAudit',
      summary: 'Audit trail of detection actions (re-learns): who, when, why',
      parameters: [param('plantId', 'query'), param('deviceId', 'query')],
      responses: { '200': list('DetectionAuditEntry[], oldest first') },
    },
  },
  '/api/register': {
    get: {
      operationId: 'equipmentRegister',
      summary:
        "Equipment register findings: each unit's nameplate against its class standard (e.g. a motor's IE class)",
      parameters: [param('plantId', 'query')],
      responses: { '200': list('RegisterEntry[], one per device') },
    },
  },
};
