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
  private async visible(p: Principal, id: string): Promise<Alert> {
    const a = await this.alerts.find(id);
    if (!this.access.plant(p, a.plantId)) throw notFound(`alert ${id}`);
    return a;
  }

  @Get()
  @Roles(...ANY_ROLE)
  async list(@Caller() p: Principal, @Query(zod(AlertQuerySchema)) q: AlertQuery): Promise<Alert[]> {
    return this.access.filter(p, await this.alerts.query(q), (a) => a.plantId);
  }

  @Get('floods')
  @Roles(...ANY_ROLE)
  async floods(@Caller() p: Principal): Promise<FloodEvent[]> {
    return this.access.filter(p, await this.alerts.floodList(), (f) => f.plantId);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  get(@Caller() p: Principal, @Param('id') id: string): Promise<Alert> {
    return this.visible(p, id);
  }

  @Post(':id/acknowledge')
  @Roles('operator')
  async acknowledge(
    @Caller() p: Principal,
    @Param('id') id: string,
    @Body(action) b: AlertActionRequest,
  ): Promise<Alert> {
    const a = await this.visible(p, id);
    return this.alerts.act(a.plantId, { op: 'acknowledge', id, by: p.username, comment: b.comment });
  }

  @Post(':id/resolve')
  @Roles('operator')
  async resolve(@Caller() p: Principal, @Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    const a = await this.visible(p, id);
    return this.alerts.act(a.plantId, { op: 'resolve', id, by: p.username, comment: b.comment });
  }

  @Post(':id/shelve')
  @Roles('operator')
  async shelve(
    @Caller() p: Principal,
    @Param('id') id: string,
    @Body(zod(ShelveSchema)) b: ShelveRequest,
  ): Promise<Alert> {
    const a = await this.visible(p, id);
    return this.alerts.act(a.plantId, { op: 'shelve', id, by: p.username, reason: b.reason, durationMs: b.durationMs });
  }

  @Post(':id/unshelve')
  @Roles('operator')
  async unshelve(@Caller() p: Principal, @Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    const a = await this.visible(p, id);
    return this.alerts.act(a.plantId, { op: 'unshelve', id, by: p.username, comment: b.comment });
  }
}
