import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { AlertActionSchema, AlertQuerySchema, AlertSchema, FloodEventSchema, ShelveSchema } from '#contracts';
import { describe, pathParams } from '../http/openapi-operation.js';

const tag = 'alerts';
const params = pathParams('id');
const action = (verb: string, summary: string, body: z.ZodType = AlertActionSchema) => ({
  method: 'post' as const,
  path: `/api/alerts/{id}/${verb}`,
  summary,
  tag,
  params,
  body,
  response: AlertSchema,
  errors: [404, 409],
});

/** The alert endpoints (alerts.controller.ts). */
export function describeAlerts(r: OpenAPIRegistry): void {
  describe(r, {
    method: 'get',
    path: '/api/alerts',
    summary: 'Alerts, newest change first; state, priority and kind take comma-separated lists',
    tag,
    query: AlertQuerySchema,
    response: z.array(AlertSchema),
  });
  describe(r, {
    method: 'get',
    path: '/api/alerts/floods',
    summary: 'Alarm floods per plant (ISA-18.2)',
    tag,
    response: z.array(FloodEventSchema),
  });
  describe(r, {
    method: 'get',
    path: '/api/alerts/{id}',
    summary: 'One alert with its audit trail',
    tag,
    params,
    response: AlertSchema,
    errors: [404],
  });
  describe(r, action('acknowledge', 'Acknowledge an open alert'));
  describe(r, action('resolve', 'Resolve an alert by hand (a comment says why)'));
  describe(r, action('shelve', 'Shelve an alert for a time, with a reason (ISA-18.2)', ShelveSchema));
  describe(r, action('unshelve', 'Return a shelved alert to its state before'));
}
