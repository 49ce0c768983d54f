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
import { SimControlService } from './sim-control.service.js';

/** a refused shape answers with the simulator controls' reason code */
const sim = { reason: 'BAD_REQUEST' };

/** Simulator control: what the console's simulator panel and `device-sim control` call. */
@Controller('api/sim')
export class SimControlController {
  constructor(private readonly sim: SimControlService) {}

  @Get('runs')
  status(): SimStatus {
    return this.sim.status();
  }

  @Get('runs/:id')
  run(@Param('id') id: string): SimRunInfo {
    return this.sim.run(id);
  }

  @Post('scenarios')
  @HttpCode(202)
  startScenario(@Body(zod(StartScenarioSchema, sim)) body: StartScenarioRequest): SimRunInfo {
    return this.sim.startScenario(body.scenario);
  }

  @Post('runs/:id/stop')
  @HttpCode(200)
  stop(@Param('id') id: string): Promise<SimRunInfo> {
    return this.sim.stopRun(id);
  }

  @Post('faults')
  @HttpCode(201)
  inject(@Body(zod(InjectFaultSchema, sim)) body: InjectFaultRequest): ActiveFault | { queued: FaultSpec } {
    return this.sim.inject(body.runId, body.fault);
  }

  @Delete('faults')
  clear(@Query(zod(ClearFaultsQuerySchema, sim)) q: ClearFaultsQuery): { cleared: number } {
    return this.sim.clear(q.runId, q.device);
  }

  /**
   * Body: a recording (application/x-ndjson) or meter CSV (text/csv), streamed to a temp file, never held whole.
   * Query: speed, map, plantMap, retime. Every target is checked before the 202.
   */
  @Post('replays')
  @HttpCode(202)
  replay(@Req() req: IncomingMessage, @Query(zod(ReplayQuerySchema, sim)) q: ReplayQuery): Promise<SimRunInfo> {
    return this.sim.startReplay(req, { speed: q.speed, map: q.map, plantMap: q.plantMap, retime: q.retime });
  }
}
