import { z } from 'zod';

/**
 * Answers whose shape is still a TypeScript type only (libs/contracts fleet.ts, the webhook status): described here as objects with a pointer to their type, until each becomes a schema in
 * libs/contracts. Every other answer and every request is described from its schema.
 */
const typed = (id: string, where: string) =>
  z.looseObject({}).meta({ id, description: `the ${id} type of ${where}; not yet a schema` });

export const FleetListShape = z
  .object({
    plants: z.array(typed('PlantSpec', 'libs/contracts/src/fleet.ts')),
    devices: z.array(typed('DeviceSpec', 'libs/contracts/src/fleet.ts')),
    gateways: z.array(typed('GatewaySpec', 'libs/contracts/src/fleet.ts')),
  })
  .meta({ id: 'FleetList' });
export const DeviceSpecShape = typed('DeviceSpec', 'libs/contracts/src/fleet.ts');
export const WebhookStatusShape = typed('WebhookStatus', 'apps/server/src/regulator/webhooks/webhook.service.ts');
