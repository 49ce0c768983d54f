import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  AlertActionSchema,
  AlertQuerySchema,
  ShelveSchema,
  type Alert,
  type AlertActionRequest,
  type AlertQuery,
  type FloodEvent,
  type ShelveRequest,
} from '#contracts';
import { zod } from '../http/zod.pipe.js';
import { AlertService } from './alert.service.js';
import { ANY_ROLE, Caller, Roles } from '../auth/decorators.js';
import { Access, notFound } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';

const action = zod(AlertActionSchema);

/** REST for alerts: list/filter, one with its audit trail, and the operator's actions (AlertError → 404/409). */
@Controller('api/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertService,
    private readonly access: Access,
  ) {}

  /** the alert if the caller sees its plant; 404 otherwise (existence not confirmed) */
  private visible(p: Principal, id: string): Alert {
    const a = this.alerts.get(id);
    if (!this.access.plant(p, a.plantId)) throw notFound(`alert ${id}`);
    return a;
  }

  @Get()
  @Roles(...ANY_ROLE)
  list(@Caller() p: Principal, @Query(zod(AlertQuerySchema)) q: AlertQuery): Alert[] {
    return this.access.filter(p, this.alerts.list(q), (a) => a.plantId);
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
    return this.alerts.acknowledge(id, p.username, b.comment);
  }

  @Post(':id/resolve')
  @Roles('operator')
  resolve(@Caller() p: Principal, @Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    this.visible(p, id);
    return this.alerts.resolve(id, p.username, b.comment);
  }

  @Post(':id/shelve')
  @Roles('operator')
  shelve(@Caller() p: Principal, @Param('id') id: string, @Body(zod(ShelveSchema)) b: ShelveRequest): Promise<Alert> {
    this.visible(p, id);
    return this.alerts.shelve(id, p.username, b.reason, b.durationMs);
  }

  @Post(':id/unshelve')
  @Roles('operator')
  unshelve(@Caller() p: Principal, @Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    this.visible(p, id);
    return this.alerts.unshelve(id, p.username, b.comment);
  }
}
