import { Controller, Get, Header, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import type { HealthBody, ReadyBody } from '#contracts';
import type { ProcessRoles } from '../config/roles.js';
import { IngestService } from '../ingest/ingest.service.js';
import { SpoolService } from '../spool/spool-writer.js';
import { Metrics } from '../metrics/metrics.js';
import { PROCESS_ROLES } from '../tokens.js';
import { Public, Roles } from '../auth/decorators.js';
import { Readiness } from './readiness.js';

/**
 * `/health`: the process is alive. `/ready`: it can do its roles' work now (the checks each role registered, with
 * the reasons of those that fail). `/metrics`: Prometheus text format. Every process serves these, whatever its roles.
 */
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
    @Inject(PROCESS_ROLES) private readonly roles: ProcessRoles,
    // only in a process that runs ingest
    @Optional() private readonly ingest?: IngestService,
    @Optional() private readonly spool?: SpoolService,
  ) {}

  @Get('health')
  @Public()
  async health(): Promise<HealthBody> {
    const roles = this.roles.names;
    if (!this.ingest || !this.spool) return { status: 'ok', roles };
    const written = (await this.metrics.written.get()).values[0]?.value ?? 0;
    const counters = { ...this.ingest.counters, written, spoolPending: this.spool.pendingReadings };
    return { status: 'ok', roles, counters };
  }

  @Get('ready')
  @Public()
  @HttpCode(200)
  async ready(@Res({ passthrough: true }) res: { status(code: number): unknown }): Promise<ReadyBody> {
    const { ready, checks, reasons } = await this.readiness.run();
    res.status(ready ? 200 : 503);
    const roles = this.roles.names;
    return ready ? { ready, roles, checks } : { ready, roles, checks, reasons };
  }

  @Get('metrics')
  @Roles('technician')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
