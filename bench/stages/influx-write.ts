import type { BenchOptions } from '../options.js';
import type { Influx } from '../lib/influx.js';
import { MachineMonitor, type MachineUsage } from '../lib/procs.js';

export interface InfluxWriteResult {
  pointsPerSec: number;
  points: number;
  batch: number;
  concurrency: number;
  /** the machine's CPU while it ran: InfluxDB itself and this writer */
  machine: MachineUsage;
}

/**
 * The raw batched write rate into InfluxDB: line protocol over HTTP, `batch` points per request, a few requests in
 * flight, one point per reading shaped as a store adapter would write it.
 */
export async function influxWrite(influx: Influx, db: string, o: BenchOptions): Promise<InfluxWriteResult> {
  await influx.createDb(db);
  const batch = o.influxBatch;
  const concurrency = 4;
  const tsBase = Date.now() - 3_600_000;
  const devices = 200;
  let next = 0;
  const body = () => {
    const lines: string[] = [];
    for (let k = 0; k < batch; k++, next++) {
      const d = next % devices;
      const ts = tsBase + Math.floor(next / devices);
      lines.push(`telemetry,plant=p1,device=m${d},class=motor active_power=${40 + (next % 97) / 10} ${ts}`);
    }
    return lines.join('\n');
  };
  await influx.write(db, body()); // warm-up: creates the shard and the series
  let points = 0;
  const machine = new MachineMonitor();
  const end = Date.now() + o.stageMs;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await influx.write(db, body());
        points += batch;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { pointsPerSec: points / seconds, points, batch, concurrency, machine: machine.stop() };
}
