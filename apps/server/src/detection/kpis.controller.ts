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
import { ANY_ROLE, Caller, Roles } from '../auth/decorators.js';
import { Access } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';

/** Latest KPI per device, for a console's first paint (live updates come over socket.io `kpis`). */
@Controller('api/kpis')
export class KpisController {
  constructor(
    private readonly runner: DetectionRunner,
    private readonly access: Access,
  ) {}

  @Get()
  @Roles(...ANY_ROLE)
  list(@Caller() p: Principal, @Query(zod(PlantQuerySchema)) q: PlantQuery): DeviceKpi[] {
    return this.access.filter(p, this.runner.kpis(q.plantId), (k) => k.plantId);
  }
}

/** Detection actions (re-learn after maintenance) with their audit trail, and the equipment register. */
@Controller('api')
export class DetectionController {
  constructor(
    private readonly runner: DetectionRunner,
    private readonly access: Access,
  ) {}

  @Post('detection/plants/:plantId/devices/:deviceId/relearn')
  @Roles('operator', 'technician')
  async relearn(
    @Caller() p: Principal,
    @Param('plantId') plantId: string,
    @Param('deviceId') deviceId: string,
    @Body(zod(RelearnSchema)) b: RelearnRequest,
  ): Promise<DetectionAuditEntry> {
    // the audit trail names the authenticated account; a `by` in the body is ignored
    const done = await this.runner.relearn(plantId, deviceId, p.username, b.reason.trim());
    if (!done) throw new NotFoundException(`no device ${plantId}/${deviceId}`);
    return done;
  }

  @Get('detection/audit')
  @Roles(...ANY_ROLE)
  audit(@Caller() p: Principal, @Query(zod(DeviceQuerySchema)) q: DeviceQuery): DetectionAuditEntry[] {
    return this.access.filter(p, this.runner.auditTrail(q.plantId, q.deviceId), (e) => e.plantId);
  }

  @Get('register')
  @Roles(...ANY_ROLE)
  register(@Caller() p: Principal, @Query(zod(PlantQuerySchema)) q: PlantQuery): RegisterEntry[] {
    return this.access.filter(p, this.runner.register(q.plantId), (e) => e.plantId);
  }
}
