import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MqttFront } from '../broker/mqtt-front.js';
import { SpoolService, SpoolWriter } from '../spool/spool-writer.js';
import { TelemetryStore } from '../store/telemetry-store.js';
import { Readiness } from './readiness.js';

/** The ingest role is ready when the broker takes messages, the spool can acknowledge them, and the store answers. */
@Injectable()
export class IngestChecks implements OnModuleInit {
  constructor(
    private readonly readiness: Readiness,
    private readonly broker: MqttFront,
    private readonly spool: SpoolService,
    private readonly writer: SpoolWriter,
    @Inject(TelemetryStore) private readonly store: TelemetryStore,
  ) {}

  onModuleInit(): void {
    this.readiness.register('ingest', 'broker', () =>
      this.broker.listening ? undefined : this.broker.notListeningReason,
    );
    this.readiness.register('ingest', 'spool', () => {
      const writable = this.spool.writable();
      if (writable && !this.spool.full) return undefined;
      return writable ? 'the spool is full: acknowledgements wait' : 'the spool is not open';
    });
    this.readiness.register('ingest', 'store', () => this.storeProblem());
  }

  /** the store is reachable when the writer's last attempt succeeded; an idle writer probes it with a tiny read */
  private async storeProblem(): Promise<string | undefined> {
    let reachable = this.writer.storeReachable;
    let problem = this.writer.storeProblem;
    if (reachable && this.spool.pendingReadings === 0) {
      try {
        await this.store.range({ plantId: '-', deviceId: '-', from: 0, to: 1 });
      } catch (e) {
        reachable = false;
        problem = (e as Error).message;
      }
    }
    return reachable ? undefined : `store unreachable (readings are kept in the spool): ${problem ?? 'no answer'}`;
  }
}
