import { Controller, Get, Query } from '@nestjs/common';
import type { DeviceKpi } from '#contracts';
import { DetectionRunner } from './detection.runner.js';

/** Latest KPI per device, for a console's first paint (live updates come over socket.io `kpis`). */
@Controller('api/kpis')
export class KpisController {
  constructor(private readonly runner: DetectionRunner) {}

  @Get()
  list(@Query('plantId') plantId?: string): DeviceKpi[] {
    return this.runner.kpis(plantId);
  }
}
