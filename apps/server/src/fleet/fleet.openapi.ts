import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  DeviceCreateSchema,
  DeviceSpecSchema,
  DeviceUpsertSchema,
  FleetListSchema,
  RotatedSecretSchema,
  SecretRotationSchema,
} from '#contracts';
import { describe, pathParams } from '../http/openapi-operation.js';

const tag = 'fleet';
const device = pathParams('plantId', 'deviceId');

/** The fleet registry endpoints (fleet.controller.ts). */
export function describeFleet(r: OpenAPIRegistry): void {
  describe(r, {
    method: 'get',
    path: '/api/fleet',
    summary: 'Plants, devices and gateways',
    tag,
    response: FleetListSchema,
  });
  describe(r, {
    method: 'get',
    path: '/api/fleet/plants/{plantId}/devices/{deviceId}',
    summary: 'One device',
    tag,
    params: device,
    response: DeviceSpecSchema,
    errors: [404],
  });
  describe(r, {
    method: 'post',
    path: '/api/fleet/devices',
    summary: 'Register a device; its MQTT secret (given or generated) is answered once, only its hash is kept',
    tag,
    body: DeviceCreateSchema,
    response: z.object({ device: DeviceSpecSchema, credentials: RotatedSecretSchema }),
    errors: [409],
  });
  describe(r, {
    method: 'put',
    path: '/api/fleet/plants/{plantId}/devices/{deviceId}',
    summary: "Change a device's class, name, nameplate or gateway (secrets are rotated apart)",
    tag,
    params: device,
    body: DeviceUpsertSchema,
    response: DeviceSpecSchema,
    errors: [404],
  });
  describe(r, {
    method: 'delete',
    path: '/api/fleet/plants/{plantId}/devices/{deviceId}',
    summary: 'Remove a device',
    tag,
    params: device,
    errors: [404],
  });
  describe(r, {
    method: 'post',
    path: '/api/fleet/plants/{plantId}/devices/{deviceId}/secret',
    summary: "Rotate a device's MQTT secret (the old one stops working at once)",
    tag,
    params: device,
    body: SecretRotationSchema,
    response: RotatedSecretSchema,
    errors: [404],
  });
  describe(r, {
    method: 'post',
    path: '/api/fleet/plants/{plantId}/gateways/{gatewayId}/secret',
    summary: "Rotate a gateway's MQTT secret",
    tag,
    params: pathParams('plantId', 'gatewayId'),
    body: SecretRotationSchema,
    response: RotatedSecretSchema,
    errors: [404],
  });
}
