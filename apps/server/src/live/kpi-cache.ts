import type { Redis } from 'ioredis';
import type { DeviceKpi } from '#contracts';

const key = (plantId: string) => `qw:kpis:${plantId}`;

/**
 * The latest KPI of every device in Redis, a hash per plant (field: device id), for a console that joins an api
 * process while detection runs in another: its snapshot has the KPIs at once, not at the next window. Written by
 * whichever process sends KPIs (the detection owner of the plant), so it holds through an owner's failover; read at
 * a console's join. A hash per plant is bounded by the plant's devices.
 */
export class KpiCache {
  constructor(private readonly redis: Redis) {}

  /** Keeps these KPIs as their devices' latest. */
  async write(plantId: string, kpis: readonly DeviceKpi[]): Promise<void> {
    if (!kpis.length) return;
    await this.redis.hset(key(plantId), Object.fromEntries(kpis.map((k) => [k.deviceId, JSON.stringify(k)])));
  }

  /** The latest KPIs of these plants, in one round trip. */
  async read(plantIds: readonly string[]): Promise<DeviceKpi[]> {
    if (!plantIds.length) return [];
    const pipeline = this.redis.pipeline();
    for (const id of plantIds) pipeline.hvals(key(id));
    const out: DeviceKpi[] = [];
    for (const [err, values] of (await pipeline.exec()) ?? []) {
      if (err) throw err;
      for (const v of values as string[]) out.push(JSON.parse(v) as DeviceKpi);
    }
    return out;
  }
}
