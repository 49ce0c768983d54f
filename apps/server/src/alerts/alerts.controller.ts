import { Body, Controller, Get, HttpException, Param, Post, Query } from '@nestjs/common';
import {
  AlertActionSchema,
  ShelveSchema,
  type Alert,
  type AlertActionRequest,
  type FloodEvent,
  type ShelveRequest,
} from '#contracts';
import { ZodBody } from '../http/zod-body.pipe.js';
import { AlertError } from './alert-book.js';
import { AlertService } from './alert.service.js';
import { ANY_ROLE, Roles } from '../auth/decorators.js';

const who = (b: { by?: string }) => b.by?.trim() || 'operator';
const action = new ZodBody(AlertActionSchema);

/** REST for alerts: list/filter, one with its audit trail, and the operator's actions. */
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertService) {}

  @Get()
  @Roles(...ANY_ROLE)
  list(
    @Query('plantId') plantId?: string,
    @Query('deviceId') deviceId?: string,
    @Query('state') state?: string,
    @Query('priority') priority?: string,
    @Query('kind') kind?: string,
  ): Alert[] {
    return this.alerts.list({ plantId, deviceId, state, priority, kind });
  }

  @Get('floods')
  @Roles(...ANY_ROLE)
  floods(): FloodEvent[] {
    return this.alerts.floodEvents();
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  get(@Param('id') id: string): Alert {
    return guard(() => this.alerts.get(id));
  }

  @Post(':id/acknowledge')
  @Roles('operator')
  acknowledge(@Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    return guardAsync(() => this.alerts.acknowledge(id, who(b), b.comment));
  }

  @Post(':id/resolve')
  @Roles('operator')
  resolve(@Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    return guardAsync(() => this.alerts.resolve(id, who(b), b.comment));
  }

  @Post(':id/shelve')
  @Roles('operator')
  shelve(@Param('id') id: string, @Body(new ZodBody(ShelveSchema)) b: ShelveRequest): Promise<Alert> {
    return guardAsync(() => this.alerts.shelve(id, who(b), b.reason, b.durationMs));
  }

  @Post(':id/unshelve')
  @Roles('operator')
  unshelve(@Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    return guardAsync(() => this.alerts.unshelve(id, who(b), b.comment));
  }
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw e instanceof AlertError ? new HttpException({ error: e.message }, e.status) : e;
  }
}

async function guardAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof AlertError ? new HttpException({ error: e.message }, e.status) : e;
  }
}
