import { Body, Controller, Get, NotFoundException, Param, Post, Query } from '@nestjs/common';
import {
  DeviceQuerySchema,
  PlantQuerySchema,
  RelearnSchema,
  type DetectionAuditEntry,
  type DeviceKpi,
  type DeviceQuery,
  type PlantQuery,
  type RegisterEntry,
  type RelearnRequest,
} from '#contracts';
import { zod } from '../http/zod.pipe.js';
import { DetectionRunner } from './detection.runner.js';

/** Latest KPI per device, for a console's first paint (live updates come over socket.io `kpis`). */
@Controller('api/kpis')
export class KpisController {
  constructor(private readonly runner: DetectionRunner) {}

  @Get()
  list(@Query(zod(PlantQuerySchema)) q: PlantQuery): DeviceKpi[] {
    return this.runner.kpis(q.plantId);
  }
}

/** Detection actions (re-learn after maintenance) with their audit trail, and the equipment register. */
@Controller('api')
export class DetectionController {
  constructor(private readonly runner: DetectionRunner) {}

  @Post('detection/plants/:plantId/devices/:deviceId/relearn')
  async relearn(
    @Param('plantId') plantId: string,
    @Param('deviceId') deviceId: string,
    @Body(zod(RelearnSchema)) b: RelearnRequest,
  ): Promise<DetectionAuditEntry> {
    const done = await this.runner.relearn(plantId, deviceId, b.by?.trim() || 'operator', b.reason.trim());
    if (!done) throw new NotFoundException(`no device ${plantId}/${deviceId}`);
    return done;
  }

  @Get('detection/audit')
  audit(@Query(zod(DeviceQuerySchema)) q: DeviceQuery): DetectionAuditEntry[] {
    return this.runner.auditTrail(q.plantId, q.deviceId);
  }

  @Get('register')
  register(@Query(zod(PlantQuerySchema)) q: PlantQuery): RegisterEntry[] {
    return this.runner.register(q.plantId);
  }
}
