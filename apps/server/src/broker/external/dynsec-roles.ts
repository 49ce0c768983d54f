import { readerScope, topics } from '#contracts';
import type { Identity } from '../../fleet/fleet-registry.js';

/** One ACL entry of Mosquitto's dynamic-security plugin (its `acltype` names, mosquitto 2.0 dynamic-security docs). */
export interface DynsecAcl {
  acltype: 'publishClientSend' | 'publishClientReceive' | 'subscribeLiteral' | 'subscribePattern';
  topic: string;
  allow: boolean;
  priority?: number;
}

/** marks the clients and roles this platform manages, so it never touches the broker's other accounts */
export const MANAGED = 'qinwatt';

export const roleName = (username: string): string => `${MANAGED}:${username}`;

/**
 * The role of one identity, as the embedded broker enforces it (apps/server/src/broker/mqtt-auth.ts and
 * IngestService.allowed): a device publishes only on its own telemetry topic and subscribes only to its own errors
 * and commands topics; a gateway likewise on its gateway topics; a reader publishes nothing and subscribes under its
 * scope. Anything not allowed is denied by the plugin's default access (no publish, no subscribe).
 */
export function dynsecAcls(identity: Identity): DynsecAcl[] {
  const allow = (acltype: DynsecAcl['acltype'], topic: string): DynsecAcl => ({ acltype, topic, allow: true });
  if (identity.kind === 'reader') return [allow('subscribePattern', `${readerScope(identity.spec)}#`)];
  const { plantId, id } = identity.spec;
  if (identity.kind === 'gateway')
    return [
      allow('publishClientSend', topics.gatewayTelemetry(plantId, id)),
      allow('subscribeLiteral', topics.gatewayErrors(plantId, id)),
    ];
  return [
    allow('publishClientSend', topics.deviceTelemetry(plantId, id)),
    allow('subscribeLiteral', topics.deviceErrors(plantId, id)),
    allow('subscribeLiteral', topics.deviceCommands(plantId, id)),
  ];
}

/** The ACLs the platform's own account needs (an operator sets them up; docs/scale-out.md shows how). */
export const platformAcls = (group: string): DynsecAcl[] => [
  { acltype: 'subscribePattern', topic: `$share/${group}/plants/+/devices/+/telemetry`, allow: true },
  { acltype: 'subscribePattern', topic: `$share/${group}/plants/+/gateways/+/telemetry`, allow: true },
  { acltype: 'publishClientReceive', topic: 'plants/+/devices/+/telemetry', allow: true },
  { acltype: 'publishClientReceive', topic: 'plants/+/gateways/+/telemetry', allow: true },
  { acltype: 'publishClientSend', topic: 'plants/+/devices/+/errors', allow: true },
  { acltype: 'publishClientSend', topic: 'plants/+/gateways/+/errors', allow: true },
];
