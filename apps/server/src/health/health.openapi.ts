import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { HealthBodySchema, ReadyBodySchema } from '#contracts';
import { describe } from '../http/openapi-operation.js';

const tag = 'health';

/** Liveness, readiness and metrics (health.controller.ts). */
export function describeHealth(r: OpenAPIRegistry): void {
  describe(r, {
    method: 'get',
    path: '/health',
    summary: 'The process is alive, with its ingest counters',
    tag,
    public: true,
    response: HealthBodySchema,
  });
  describe(r, {
    method: 'get',
    path: '/ready',
    summary: 'Whether the platform can take readings now: 200, or 503 with the reasons',
    tag,
    public: true,
    response: ReadyBodySchema,
    errors: [503],
  });
  describe(r, {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (text exposition format 0.0.4)',
    tag,
    response: { 'text/plain': 'Prometheus text format' },
  });
}
