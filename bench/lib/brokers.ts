import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnService, waitFor, type Service } from './procs.js';

export interface Broker {
  url: string;
  service: Service;
  stop(): Promise<void>;
}

/** The raw aedes reference broker as its own process. */
export async function startAedes(): Promise<Broker> {
  const port = await freePort();
  const script = new URL('./aedes-broker.js', import.meta.url).pathname;
  const service = spawnService('aedes', process.execPath, [script, String(port)], {
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  await waitFor(
    'aedes to listen',
    () => (service.logs.some((l) => l.startsWith('listening')) ? true : undefined),
    10_000,
  );
  return { url: `mqtt://127.0.0.1:${port}`, service, stop: () => service.stop() };
}

/**
 * Debian's Mosquitto with a generated configuration. Its default `max_queued_messages 1000` silently drops QoS 0
 * to a slow subscriber, so the queue limits are set deliberately, large enough that a passthrough run measures
 * the broker rather than its drop policy.
 */
export const MOSQUITTO_MAX_QUEUED = 1_000_000;

export async function startMosquitto(): Promise<Broker> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'qw-bench-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      `max_queued_messages ${MOSQUITTO_MAX_QUEUED}`,
      'max_queued_bytes 0',
      'max_inflight_messages 0',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      '',
    ].join('\n'),
  );
  const service = spawnService('mosquitto', 'mosquitto', ['-c', conf]);
  await waitFor('mosquitto to listen', () => tcpOpen(port), 10_000).catch((e: Error) => {
    throw new Error(`${e.message}\n${service.logs.join('\n')}`);
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    service,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function tcpOpen(port: number): Promise<true | undefined> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(undefined));
  });
}
