import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  DetectionAuditEntrySchema,
  DeviceKpiSchema,
  DeviceQuerySchema,
  PlantQuerySchema,
  RegisterEntrySchema,
  RelearnSchema,
} from '#contracts';
import { describe, pathParams } from '../http/openapi-operation.js';

const tag = 'detection';

/** The KPI, detection and register endpoints (kpis.controller.ts). */
export function describeDetection(r: OpenAPIRegistry): void {
  describe(r, {
    method: 'get',
    path: '/api/kpis',
    summary: "Each device's latest KPI (live updates come over socket.io `kpis`)",
    tag,
    query: PlantQuerySchema,
    response: z.array(DeviceKpiSchema),
  });
  describe(r, {
    method: 'post',
    path: '/api/detection/plants/{plantId}/devices/{deviceId}/relearn',
    summary: "Learn a device's baseline again after maintenance (audited)",
    tag,
    params: pathParams('plantId', 'deviceId'),
    body: RelearnSchema,
    response: DetectionAuditEntrySchema,
    errors: [404],
  });
  describe(r, {
    method: 'get',
    path: '/api/detection/audit',
    summary: 'The detection audit trail (re-learn actions)',
    tag,
    query: DeviceQuerySchema,
    response: z.array(DetectionAuditEntrySchema),
  });
  describe(r, {
    method: 'get',
    path: '/api/register',
    summary: "The equipment register: each unit's nameplate grade against its class standard",
    tag,
    query: PlantQuerySchema,
    response: z.array(RegisterEntrySchema),
  });
}
