import { BadRequestException, Body, Controller, Get, NotFoundException, Param, Post, Query } from '@nestjs/common';
import type { DetectionAuditEntry, DeviceKpi, RegisterEntry, RelearnRequest } from '#contracts';
import { DetectionRunner } from './detection.runner.js';
import { ANY_ROLE, Roles } from '../auth/decorators.js';

const MAX_REASON = 500;

/** Latest KPI per device, for a console's first paint (live updates come over socket.io `kpis`). */
@Controller('api/kpis')
export class KpisController {
  constructor(private readonly runner: DetectionRunner) {}

  @Get()
  @Roles(...ANY_ROLE)
  list(@Query('plantId') plantId?: string): DeviceKpi[] {
    return this.runner.kpis(plantId);
  }
}

/** Detection actions (re-learn after maintenance) with their audit trail, and the equipment register. */
@Controller('api')
export class DetectionController {
  constructor(private readonly runner: DetectionRunner) {}

  @Post('detection/plants/:plantId/devices/:deviceId/relearn')
  @Roles('operator', 'technician')
  async relearn(
    @Param('plantId') plantId: string,
    @Param('deviceId') deviceId: string,
    @Body() b: RelearnRequest,
  ): Promise<DetectionAuditEntry> {
    const reason = typeof b?.reason === 'string' ? b.reason.trim() : '';
    if (!reason) throw new BadRequestException({ error: 'a re-learn needs a "reason" (e.g. the maintenance done)' });
    if (reason.length > MAX_REASON)
      throw new BadRequestException({ error: `"reason" is over ${MAX_REASON} characters` });
    const by = typeof b?.by === 'string' && b.by.trim() ? b.by.trim().slice(0, 100) : 'operator';
    const done = await this.runner.relearn(plantId, deviceId, by, reason);
    if (!done) throw new NotFoundException({ error: `no device ${plantId}/${deviceId}` });
    return done;
  }

  @Get('detection/audit')
  @Roles(...ANY_ROLE)
  audit(@Query('plantId') plantId?: string, @Query('deviceId') deviceId?: string): DetectionAuditEntry[] {
    return this.runner.auditTrail(plantId, deviceId);
  }

  @Get('register')
  @Roles(...ANY_ROLE)
  register(@Query('plantId') plantId?: string): RegisterEntry[] {
    return this.runner.register(plantId);
  }
}
