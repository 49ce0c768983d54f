import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type {
  ActiveFault,
  FaultSpec,
  InjectFaultRequest,
  SimRunInfo,
  SimStatus,
  StartScenarioRequest,
} from '#contracts';
import { ControlError, SimControlService } from './sim-control.service.js';

/** Recordings are uploaded raw (JSON lines or CSV); larger ones belong on the command line. */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

const toHttp = (e: unknown): never => {
  if (e instanceof ControlError)
    throw e.status === 404 ? new NotFoundException(e.message) : new BadRequestException(e.message);
  throw e;
};

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
    try {
      return this.sim.run(id);
    } catch (e) {
      return toHttp(e);
    }
  }

  @Post('scenarios')
  @HttpCode(202)
  startScenario(@Body() body: StartScenarioRequest): SimRunInfo {
    try {
      if (!body?.scenario || typeof body.scenario !== 'object')
        throw new ControlError('body needs a "scenario" object');
      return this.sim.startScenario(body.scenario);
    } catch (e) {
      return toHttp(e);
    }
  }

  @Post('runs/:id/stop')
  @HttpCode(200)
  async stop(@Param('id') id: string): Promise<SimRunInfo> {
    return this.sim.stop(id).catch(toHttp);
  }

  @Post('faults')
  @HttpCode(201)
  inject(@Body() body: InjectFaultRequest): ActiveFault | { queued: FaultSpec } {
    try {
      return this.sim.inject(body?.runId, body?.fault);
    } catch (e) {
      return toHttp(e);
    }
  }

  @Delete('faults')
  clear(@Query('runId') runId?: string, @Query('device') device?: string): { cleared: number } {
    try {
      return this.sim.clear(runId, device);
    } catch (e) {
      return toHttp(e);
    }
  }

  /** Body: a recording (application/x-ndjson) or meter CSV (text/csv). Query: speed, map, plantMap, retime. */
  @Post('replays')
  @HttpCode(202)
  async replay(
    @Req() req: IncomingMessage,
    @Query('speed') speed = '1',
    @Query('map') map?: string,
    @Query('plantMap') plantMap?: string,
    @Query('retime') retime?: string,
  ): Promise<SimRunInfo> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) throw new BadRequestException(`recording larger than ${MAX_UPLOAD_BYTES} bytes`);
      chunks.push(chunk);
    }
    try {
      return this.sim.startReplay(Buffer.concat(chunks).toString('utf8'), req.headers['content-type'] ?? '', {
        speed: speed === 'max' ? 'max' : Number(speed),
        map,
        plantMap,
        retime: retime === 'true' || retime === '1',
      });
    } catch (e) {
      return toHttp(e);
    }
  }
}
