import mqtt from 'mqtt';
import { mqttUsername, topics, type DeviceSpec } from '#contracts';
import { SimDevice } from '#device-sim';

export interface ScenarioRun {
  /** data time of the first reading */
  base: number;
  /** data time the efficiency drop starts */
  stepAt: number;
  published: number;
}

/**
 * Publishes simulated devices over MQTT with data timestamps that compress time: `learnMin` healthy minutes,
 * then `stepMin` minutes with `faultDeviceId` given an efficiency drop, one reading per device every 10 s of data
 * time, sent as fast as the broker acknowledges. The data sits inside the plant's day shift (00:00-12:00 UTC is
 * 08:00-20:00 plant time; the devices run the steady regime unless `regime` names another) and within the ingest policy (at most 7 days old, not in the future).
 */
export async function publishScenario(
  mqttUrl: string,
  devices: DeviceSpec[],
  o: { learnMin: number; stepMin: number; drop: number; faultDeviceId: string; now?: number; regime?: string },
): Promise<ScenarioRun> {
  const now = o.now ?? Date.now();
  const spanMs = (o.learnMin + o.stepMin) * 60_000;
  const day = now - (now % 86_400_000);
  let base = day + 3_600_000; // 01:00 UTC today
  if (base + spanMs > now - 60_000) base -= 86_400_000; // not over yet today: yesterday's
  const stepAt = base + o.learnMin * 60_000;
  let published = 0;
  await Promise.all(
    devices.map(async (spec) => {
      // the steady regime (schedule load, always running, ideal meters) unless the caller asks for another
      const sim = new SimDevice({ ...spec, regime: o.regime ?? 'steady' }, 42, 'e2e');
      // a fleet file that gives the device a secret means the broker asks for it
      const secret = (spec as DeviceSpec & { secret?: string }).secret;
      const client = await mqtt.connectAsync(mqttUrl, {
        clientId: secret ? `${mqttUsername(spec.plantId, spec.id)}/e2e` : `e2e-${spec.plantId}-${spec.id}`,
        protocolVersion: 4,
        reconnectPeriod: 0,
        ...(secret ? { username: mqttUsername(spec.plantId, spec.id), password: secret } : {}),
      });
      const topic = topics.deviceTelemetry(spec.plantId, spec.id);
      for (let ts = base; ts < base + spanMs; ts += 10_000) {
        sim.health = spec.id === o.faultDeviceId && ts >= stepAt ? 1 - o.drop : 1;
        await client.publishAsync(topic, JSON.stringify(sim.reading(ts)), { qos: 1 });
        published++;
      }
      await client.endAsync();
    }),
  );
  return { base, stepAt, published };
}
