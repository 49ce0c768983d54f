import { BadRequestException, Body, Controller, Get, NotFoundException, Param, Post, Query } from '@nestjs/common';
import type { DetectionAuditEntry, DeviceKpi, RegisterEntry, RelearnRequest } from '#contracts';
import { DetectionRunner } from './detection.runner.js';
import { ANY_ROLE, Caller, Roles } from '../auth/decorators.js';
import { Access } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';

const MAX_REASON = 500;

/** Latest KPI per device, for a console's first paint (live updates come over socket.io `kpis`). */
@Controller('api/kpis')
export class KpisController {
  constructor(
    private readonly runner: DetectionRunner,
    private readonly access: Access,
  ) {}

  @Get()
  @Roles(...ANY_ROLE)
  list(@Caller() p: Principal, @Query('plantId') plantId?: string): DeviceKpi[] {
    return this.access.filter(p, this.runner.kpis(plantId), (k) => k.plantId);
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
    @Body() b: RelearnRequest,
  ): Promise<DetectionAuditEntry> {
    const reason = typeof b?.reason === 'string' ? b.reason.trim() : '';
    if (!reason) throw new BadRequestException({ error: 'a re-learn needs a "reason" (e.g. the maintenance done)' });
    if (reason.length > MAX_REASON)
      throw new BadRequestException({ error: `"reason" is over ${MAX_REASON} characters` });
    // the audit trail names the authenticated account; a `by` in the body is ignored
    const done = await this.runner.relearn(plantId, deviceId, p.username, reason);
    if (!done) throw new NotFoundException({ error: `no device ${plantId}/${deviceId}` });
    return done;
  }

  @Get('detection/audit')
  @Roles(...ANY_ROLE)
  audit(
    @Caller() p: Principal,
    @Query('plantId') plantId?: string,
    @Query('deviceId') deviceId?: string,
  ): DetectionAuditEntry[] {
    return this.access.filter(p, this.runner.auditTrail(plantId, deviceId), (e) => e.plantId);
  }

  @Get('register')
  @Roles(...ANY_ROLE)
  register(@Caller() p: Principal, @Query('plantId') plantId?: string): RegisterEntry[] {
    return this.access.filter(p, this.runner.register(plantId), (e) => e.plantId);
  }
}
