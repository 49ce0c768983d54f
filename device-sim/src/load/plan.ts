import { topics } from '#contracts';
import { fleetCredentials, fleetGateways, type Credentials, type SimFleet } from '../fleet/fleet-file.js';
import type { SimDeviceSpec } from '../device.js';

/** One MQTT connection of a load run and the devices whose readings it carries. */
export interface LoadConnection {
  key: string;
  clientId: string;
  credentials?: Credentials;
  /** gateway topic for batches, or undefined in direct mode (each device on its own topic) */
  gatewayTopic?: string;
  devices: number[];
}

export interface LoadPlanOptions {
  mode: 'gateway' | 'direct';
  devices: number;
  connections?: number;
  runId: string;
  /** one username/password for every connection (overrides the fleet file) */
  credentials?: Credentials;
}

/** Assigns the first N devices of a fleet to connections: one per gateway, or M shared direct connections. */
export function planLoad(fleet: SimFleet, o: LoadPlanOptions): { specs: SimDeviceSpec[]; conns: LoadConnection[] } {
  if (o.devices > fleet.devices.length)
    throw new Error(`--devices ${o.devices}: the fleet has only ${fleet.devices.length} (fleet generate makes more)`);
  const specs = fleet.devices.slice(0, o.devices);
  if (o.mode === 'gateway') {
    const gws = new Map(fleetGateways(fleet).map((g) => [`${g.plantId}/${g.id}`, g]));
    const conns = new Map<string, LoadConnection>();
    specs.forEach((d, i) => {
      if (!d.gatewayId) throw new Error(`gateway mode: device ${d.id} has no gatewayId (fleet generate --gateways N)`);
      const key = `${d.plantId}/${d.gatewayId}`;
      let c = conns.get(key);
      if (!c) {
        const g = gws.get(key);
        c = {
          key,
          clientId: `sim-${o.runId}-${d.plantId}-${d.gatewayId}`,
          credentials: o.credentials ?? fleetCredentials(d.plantId, d.gatewayId, g?.secret),
          gatewayTopic: topics.gatewayTelemetry(d.plantId, d.gatewayId),
          devices: [],
        };
        conns.set(key, c);
      }
      c.devices.push(i);
    });
    return { specs, conns: [...conns.values()] };
  }
  const perDevice = !o.credentials && specs.some((d) => d.secret);
  const m = perDevice ? specs.length : Math.max(1, Math.min(specs.length, o.connections ?? 100));
  const conns: LoadConnection[] = Array.from({ length: m }, (_, k) => ({
    key: perDevice ? `${specs[k].plantId}/${specs[k].id}` : `conn-${k}`,
    clientId: `sim-${o.runId}-${k}`,
    credentials:
      o.credentials ?? (perDevice ? fleetCredentials(specs[k].plantId, specs[k].id, specs[k].secret) : undefined),
    devices: [],
  }));
  specs.forEach((_, i) => conns[i % m].devices.push(i));
  return { specs, conns };
}
