import { Controller, Get } from '@nestjs/common';
import { IngestService } from '../ingest/ingest.service.js';

@Controller()
export class HealthController {
  constructor(private readonly ingest: IngestService) {}

  @Get('health')
  health(): { status: 'ok'; counters: IngestService['counters'] } {
    return { status: 'ok', counters: this.ingest.counters };
  }
}
