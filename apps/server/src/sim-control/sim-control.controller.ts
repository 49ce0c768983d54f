import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type {
  ActiveFault,
  FaultSpec,
  InjectFaultRequest,
  SimRunInfo,
  SimStatus,
  StartScenarioRequest,
} from '#contracts';
import { ControlError, toHttp } from './control-error.js';
import { SimControlService, type PlantFilter } from './sim-control.service.js';
import { Caller, Roles } from '../auth/decorators.js';
import { Access } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';

/** Simulator control: what the console's simulator panel and `device-sim control` call. */
@Controller('api/sim')
@Roles('technician')
export class SimControlController {
  constructor(
    private readonly sim: SimControlService,
    private readonly access: Access,
  ) {}

  /** the plants the caller may drive */
  private within(p: Principal): PlantFilter {
    return (plantId) => this.access.plant(p, plantId);
  }

  @Get('runs')
  status(@Caller() p: Principal): SimStatus {
    return this.sim.status(this.within(p));
  }

  @Get('runs/:id')
  run(@Caller() p: Principal, @Param('id') id: string): SimRunInfo {
    try {
      return this.sim.run(id, this.within(p));
    } catch (e) {
      return toHttp(e);
    }
  }

  @Post('scenarios')
  @HttpCode(202)
  startScenario(@Caller() p: Principal, @Body() body: StartScenarioRequest): SimRunInfo {
    try {
      if (!body?.scenario || typeof body.scenario !== 'object')
        throw new ControlError('BAD_REQUEST', 'body needs a "scenario" object');
      return this.sim.startScenario(body.scenario, this.within(p));
    } catch (e) {
      return toHttp(e);
    }
  }

  @Post('runs/:id/stop')
  @HttpCode(200)
  async stop(@Caller() p: Principal, @Param('id') id: string): Promise<SimRunInfo> {
    return this.sim.stop(id, this.within(p)).catch(toHttp);
  }

  @Post('faults')
  @HttpCode(201)
  inject(@Caller() p: Principal, @Body() body: InjectFaultRequest): ActiveFault | { queued: FaultSpec } {
    try {
      return this.sim.inject(body?.runId, body?.fault, this.within(p));
    } catch (e) {
      return toHttp(e);
    }
  }

  @Delete('faults')
  clear(@Caller() p: Principal, @Query('runId') runId?: string, @Query('device') device?: string): { cleared: number } {
    try {
      return this.sim.clear(runId, device, this.within(p));
    } catch (e) {
      return toHttp(e);
    }
  }

  /**
   * Body: a recording (application/x-ndjson) or meter CSV (text/csv), streamed to a temp file, never held whole.
   * Query: speed, map, plantMap, retime. Every target is checked before the 202.
   */
  @Post('replays')
  @HttpCode(202)
  async replay(
    @Caller() p: Principal,
    @Req() req: IncomingMessage,
    @Query('speed') speed = '1',
    @Query('map') map?: string,
    @Query('plantMap') plantMap?: string,
    @Query('retime') retime?: string,
  ): Promise<SimRunInfo> {
    return this.sim
      .startReplay(
        req,
        {
          speed: speed === 'max' ? 'max' : Number(speed),
          map,
          plantMap,
          retime: retime === 'true' || retime === '1',
        },
        this.within(p),
      )
      .catch(toHttp);
  }
}
