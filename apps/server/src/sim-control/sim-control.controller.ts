import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import {
  ClearFaultsQuerySchema,
  InjectFaultSchema,
  ReplayQuerySchema,
  StartScenarioSchema,
  type ActiveFault,
  type ClearFaultsQuery,
  type FaultSpec,
  type InjectFaultRequest,
  type ReplayQuery,
  type SimRunInfo,
  type SimStatus,
  type StartScenarioRequest,
} from '#contracts';
import { zod } from '../http/zod.pipe.js';
import { SimControlService, type PlantFilter } from './sim-control.service.js';
import { Caller, Roles } from '../auth/decorators.js';
import { Access } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';

/** a refused shape answers with the simulator controls' reason code */
const sim = { reason: 'BAD_REQUEST' };

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
    return this.sim.run(id, this.within(p));
  }

  @Post('scenarios')
  @HttpCode(202)
  startScenario(@Caller() p: Principal, @Body(zod(StartScenarioSchema, sim)) body: StartScenarioRequest): SimRunInfo {
    return this.sim.startScenario(body.scenario, this.within(p));
  }

  @Post('runs/:id/stop')
  @HttpCode(200)
  stop(@Caller() p: Principal, @Param('id') id: string): Promise<SimRunInfo> {
    return this.sim.stopRun(id, this.within(p));
  }

  @Post('faults')
  @HttpCode(201)
  inject(
    @Caller() p: Principal,
    @Body(zod(InjectFaultSchema, sim)) body: InjectFaultRequest,
  ): ActiveFault | { queued: FaultSpec } {
    return this.sim.inject(body.runId, body.fault, this.within(p));
  }

  @Delete('faults')
  clear(@Caller() p: Principal, @Query(zod(ClearFaultsQuerySchema, sim)) q: ClearFaultsQuery): { cleared: number } {
    return this.sim.clear(q.runId, q.device, this.within(p));
  }

  /**
   * Body: a recording (application/x-ndjson) or meter CSV (text/csv), streamed to a temp file, never held whole.
   * Query: speed, map, plantMap, retime. Every target is checked before the 202.
   */
  @Post('replays')
  @HttpCode(202)
  replay(
    @Caller() p: Principal,
    @Req() req: IncomingMessage,
    @Query(zod(ReplayQuerySchema, sim)) q: ReplayQuery,
  ): Promise<SimRunInfo> {
    return this.sim.startReplay(
      req,
      { speed: q.speed, map: q.map, plantMap: q.plantMap, retime: q.retime },
      this.within(p),
    );
  }
}
