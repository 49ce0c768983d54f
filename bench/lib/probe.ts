import mqtt from 'mqtt';
import { topics } from '#contracts';
import { devicePayload } from './load.js';
import { sleep } from './procs.js';
import { Latencies, nowMs } from './stats.js';

export interface ProbeOptions {
  url: string;
  plantId: string;
  deviceId: string;
  username?: string;
  password?: string;
  tsBase: number;
  /**
   * true once the reading stamped `ts` can be read back from the store; without it a probe ends at its PUBACK
   * (for stores that are queryable the moment they acknowledge)
   */
  isStored?(ts: number): Promise<boolean>;
  /** ms between probes */
  gapMs: number;
  pollMs: number;
  /** a probe not readable after this long counts as lost */
  timeoutMs: number;
}

export interface ProbeRun {
  /** publish time of each probe by its seq, for listeners elsewhere (e.g. the live socket) */
  sentAt: Map<number, number>;
  stop(): Promise<{ latency: Latencies; lost: number }>;
}

/**
 * Publish → stored-and-queryable latency, sampled: one probe reading at a time from its own device, polled in the
 * store until it appears. Runs beside the main load so it sees the queues the load builds.
 */
export async function startProbes(o: ProbeOptions): Promise<ProbeRun> {
  const client = await mqtt.connectAsync(o.url, {
    clientId: o.username ? `${o.username}/bench-probe-${Date.now()}` : `bench-probe-${Date.now()}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
    username: o.username,
    password: o.password,
  });
  const latency = new Latencies();
  let lost = 0;
  let running = true;
  const topic = topics.deviceTelemetry(o.plantId, o.deviceId);
  const sentAt = new Map<number, number>();
  const loop = (async () => {
    for (let seq = 0; running; seq++) {
      const t = nowMs();
      sentAt.set(seq, t);
      const acked = new Promise<boolean>((resolve) =>
        client.publish(topic, devicePayload(o.tsBase, seq), { qos: 1 }, (err) => resolve(!err)),
      );
      const deadline = t + o.timeoutMs;
      let ok = false;
      if (!o.isStored) ok = await Promise.race([acked, sleep(o.timeoutMs).then(() => false)]);
      else
        while (running && nowMs() < deadline) {
          if (await o.isStored(o.tsBase + seq).catch(() => false)) {
            ok = true;
            break;
          }
          await sleep(o.pollMs);
        }
      if (ok) latency.add(nowMs() - t);
      else if (running) lost++;
      if (running) await sleep(o.gapMs);
    }
  })();
  return {
    sentAt,
    async stop() {
      running = false;
      await loop;
      await client.endAsync(true);
      return { latency, lost };
    },
  };
}
