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

const who = (b: { by?: string }) => b.by?.trim() || 'operator';
const action = zod(AlertActionSchema);

/** REST for alerts: list/filter, one with its audit trail, and the operator's actions (AlertError → 404/409). */
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertService) {}

  @Get()
  list(@Query(zod(AlertQuerySchema)) q: AlertQuery): Alert[] {
    return this.alerts.list(q);
  }

  @Get('floods')
  floods(): FloodEvent[] {
    return this.alerts.floodEvents();
  }

  @Get(':id')
  get(@Param('id') id: string): Alert {
    return this.alerts.get(id);
  }

  @Post(':id/acknowledge')
  acknowledge(@Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    return this.alerts.acknowledge(id, who(b), b.comment);
  }

  @Post(':id/resolve')
  resolve(@Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    return this.alerts.resolve(id, who(b), b.comment);
  }

  @Post(':id/shelve')
  shelve(@Param('id') id: string, @Body(zod(ShelveSchema)) b: ShelveRequest): Promise<Alert> {
    return this.alerts.shelve(id, who(b), b.reason, b.durationMs);
  }

  @Post(':id/unshelve')
  unshelve(@Param('id') id: string, @Body(action) b: AlertActionRequest): Promise<Alert> {
    return this.alerts.unshelve(id, who(b), b.comment);
  }
}
