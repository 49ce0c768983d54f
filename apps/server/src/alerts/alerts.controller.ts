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
import { ANY_ROLE, Caller, Roles } from '../auth/decorators.js';
import { Access, notFound } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';

const action = new ZodBody(AlertActionSchema);

/** REST for alerts: list/filter, one with its audit trail, and the operator's actions. */
@Controller('api/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertService,
    private readonly access: Access,
  ) {}

  /** the alert if the caller sees its plant; 404 otherwise (existence not confirmed) */
  private visible(p: Principal, id: string): Alert {
    const a = guard(() => this.alerts.get(id));
    if (!this.access.plant(p, a.plantId)) throw notFound(`alert ${id}`);
    return a;
  }

  @Get()
  @Roles(...ANY_ROLE)
  list(
    @Caller() p: Principal,
    @Query('plantId') plantId?: string,
    @Query('deviceId') deviceId?: string,
    @Query('state') state?: string,
    @Query('priority') priority?: string,
    @Query('kind') kind?: string,
  ): Alert[] {
    return this.access.filter(p, this.alerts.list({ plantId, deviceId, state, priority, kind }), (a) => a.plantId);
  }

  @Get('floods')
  @Roles(...ANY_ROLE)
  floods(@Caller() p: Principal): FloodEvent[] {
    return this.access.filter(p, this.alerts.floodEvents(), (f) => f.plantId);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  get(@Caller() p: Principal, @Param('id') id: string): Alert {
    return this.visible(p, id);
  }

  @Post(':id/acknowledge')
  @Roles('operator')
  acknowledge(@Caller() p: Principal, @Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    this.visible(p, id);
    return guardAsync(() => this.alerts.acknowledge(id, p.username, b.comment));
  }

  @Post(':id/resolve')
  @Roles('operator')
  resolve(@Caller() p: Principal, @Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    this.visible(p, id);
    return guardAsync(() => this.alerts.resolve(id, p.username, b.comment));
  }

  @Post(':id/shelve')
  @Roles('operator')
  shelve(
    @Caller() p: Principal,
    @Param('id') id: string,
    @Body(new ZodBody(ShelveSchema)) b: ShelveRequest,
  ): Promise<Alert> {
    this.visible(p, id);
    return guardAsync(() => this.alerts.shelve(id, p.username, b.reason, b.durationMs));
  }

  @Post(':id/unshelve')
  @Roles('operator')
  unshelve(@Caller() p: Principal, @Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    this.visible(p, id);
    return guardAsync(() => this.alerts.unshelve(id, p.username, b.comment));
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
