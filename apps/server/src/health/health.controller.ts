import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { HealthBody, ReadyBody } from '#contracts';
import { IngestService } from '../ingest/ingest.service.js';
import { MqttFront } from '../broker/mqtt-front.js';
import { SpoolService, SpoolWriter } from '../spool/spool-writer.js';
import { Metrics } from '../metrics/metrics.js';
import { TelemetryStore } from '../store/telemetry-store.js';
import { Public, Roles } from '../auth/decorators.js';

/** `/health`: the process is alive. `/ready`: it can take readings now. `/metrics`: Prometheus text format. */
@Controller()
export class HealthController {
  constructor(
    private readonly ingest: IngestService,
    private readonly broker: MqttFront,
    private readonly spool: SpoolService,
    private readonly writer: SpoolWriter,
    private readonly metrics: Metrics,
    @Inject(TelemetryStore) private readonly store: TelemetryStore,
  ) {}

  @Get('health')
  @Public()
  async health(): Promise<HealthBody> {
    const written = (await this.metrics.written.get()).values[0]?.value ?? 0;
    return { status: 'ok', counters: { ...this.ingest.counters, written, spoolPending: this.spool.pendingReadings } };
  }

  @Get('ready')
  @Public()
  @HttpCode(200)
  async ready(@Res({ passthrough: true }) res: { status(code: number): unknown }): Promise<ReadyBody> {
    // the store is reachable when the writer's last attempt succeeded; an idle writer probes it with a tiny read
    let store = this.writer.storeReachable;
    let storeProblem = this.writer.storeProblem;
    if (store && this.spool.pendingReadings === 0) {
      try {
        await this.store.range({ plantId: '-', deviceId: '-', from: 0, to: 1 });
      } catch (e) {
        store = false;
        storeProblem = (e as Error).message;
      }
    }
    const writable = this.spool.writable();
    const checks = { broker: this.broker.listening, spool: writable && !this.spool.full, store };
    const reasons: ReadyBody['reasons'] = {};
    if (!checks.broker) reasons.broker = this.broker.notListeningReason;
    if (!checks.spool) reasons.spool = writable ? 'the spool is full: acknowledgements wait' : 'the spool is not open';
    if (!checks.store)
      reasons.store = `store unreachable (readings are kept in the spool): ${storeProblem ?? 'no answer'}`;
    const ready = checks.broker && checks.spool && checks.store;
    res.status(ready ? 200 : 503);
    return ready ? { ready, checks } : { ready, checks, reasons };
  }

  @Get('metrics')
  @Roles('technician')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
