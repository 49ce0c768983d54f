import { createServer, type Server } from 'node:net';
import type { AppConfig } from '../config/config.js';

export interface PortNeed {
  what: string;
  env: string;
  host: string;
  port: number;
}

/** Every fixed port this configuration listens on (0 = any free port, -1 = off: nothing to check). */
export function portsOf(c: AppConfig): PortNeed[] {
  const all: PortNeed[] = [
    { what: 'HTTP', env: 'QW_HTTP_PORT', host: c.httpHost, port: c.httpPort },
    { what: 'MQTT', env: 'QW_MQTT_PORT', host: c.mqttHost, port: c.mqttPort },
    { what: 'MQTTS', env: 'QW_MQTTS_PORT', host: c.mqttHost, port: c.mqttsPort },
    { what: 'MQTT over WebSocket', env: 'QW_MQTT_WS_PORT', host: c.mqttHost, port: c.mqttWsPort },
  ];
  return all.filter((p) => p.port > 0);
}

/**
 * Listens on every port at once, then lets go: one problem per port that cannot be had (in use, not allowed, or
 * named twice in the configuration). Run before anything else, so that a busy port fails a start in well under a
 * second instead of after the data has been opened. The servers listen for real moments later; a port taken in
 * between still fails there, as before.
 */
export async function unavailablePorts(needs: readonly PortNeed[]): Promise<string[]> {
  const held: Server[] = [];
  const problems: string[] = [];
  for (const p of needs) {
    const server = createServer();
    const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      server.once('error', resolve);
      server.listen({ port: p.port, host: p.host, exclusive: true }, () => resolve(undefined));
    });
    if (!err) held.push(server);
    else problems.push(`${p.what} port ${p.host}:${p.port} (${p.env}): ${explain(err)}`);
  }
  await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  return problems;
}

function explain(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'EADDRINUSE':
      return 'in use by another process';
    case 'EACCES':
      return 'not allowed for this user';
    case 'EADDRNOTAVAIL':
      return 'no such address on this machine';
    default:
      return e.message;
  }
}
