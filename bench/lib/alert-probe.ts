import mqtt, { type MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import { topics, type Alert } from '#contracts';
import { devicePayload } from './load.js';
import { sleep } from './procs.js';
import { Latencies, nowMs } from './stats.js';

/** Detection's default gap: a reading arriving this long (data time) after the previous one opens `dq.gap`. */
export const GAP_MS = 10 * 60_000;

export interface AlertProbeOptions {
  url: string;
  plantId: string;
  /** devices kept for this probe, each used once: its gap alert stays open */
  devices: Array<{ id: string; username: string; password: string }>;
  socket: Socket;
  gapMs: number;
  /** ms between probes */
  everyMs: number;
  timeoutMs: number;
}

/**
 * Publish → alert on a socket.io client, with the cheapest alert detection raises: a data gap. Each probe device
 * sends one reading, then one stamped more than `gapMs` later (data time); the second opens the gap alert. Latency
 * runs from publishing that second reading to the `alert` event for the device.
 */
export async function startAlertProbes(
  o: AlertProbeOptions,
): Promise<{ stop(): Promise<{ latency: Latencies; missed: number }> }> {
  const clients: MqttClient[] = await Promise.all(
    o.devices.map((d) =>
      mqtt.connectAsync(o.url, {
        clientId: `${d.username}/bench-alert-${Date.now() % 100000}`,
        protocolVersion: 4,
        reconnectPeriod: 0,
        username: d.username,
        password: d.password,
      }),
    ),
  );
  const latency = new Latencies();
  const waiting = new Map<string, { t: number; done: () => void }>();
  o.socket.on('alert', (a: Alert) => {
    const w = waiting.get(a.deviceId);
    if (!w || a.state !== 'open') return;
    latency.add(nowMs() - w.t);
    waiting.delete(a.deviceId);
    w.done();
  });
  let running = true;
  let missed = 0;
  const loop = (async () => {
    for (let i = 0; running && i < o.devices.length; i++) {
      const d = o.devices[i];
      const topic = topics.deviceTelemetry(o.plantId, d.id);
      const t0 = Date.now() - o.gapMs - 5 * 60_000;
      await clients[i].publishAsync(topic, devicePayload(t0, 0), { qos: 1 });
      const seen = new Promise<boolean>((resolve) => {
        waiting.set(d.id, { t: nowMs(), done: () => resolve(true) });
        setTimeout(() => resolve(false), o.timeoutMs);
      });
      clients[i].publish(topic, devicePayload(t0, o.gapMs + 60_000), { qos: 1 });
      if (!(await seen)) {
        missed++;
        waiting.delete(d.id);
      }
      if (running) await sleep(o.everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await Promise.all(clients.map((c) => c.endAsync(true)));
      return { latency, missed };
    },
  };
}
