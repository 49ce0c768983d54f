import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { HistoryQuerySchema, type HistoryQueryParams, type HistoryResponse } from '#contracts';
import { badRequest } from '../http/api-error.js';
import { zod } from '../http/zod.pipe.js';
import { KnownDevice } from '../fleet/known-device.guard.js';
import { TelemetryStore } from '../store/telemetry-store.js';
import { fieldsOf, resolveHistoryQuery, rowsFromBuckets, rowsFromPoints, toCsv } from './history-query.js';

/** The part of Express's response this controller touches (Nest passes Express's object). */
interface HeaderSink {
  setHeader(name: string, value: string): void;
}

/** A device's metrics or KPIs over a time range, from the TelemetryStore, as JSON or CSV. */
@Controller('api/history')
export class HistoryController {
  constructor(@Inject(TelemetryStore) private readonly store: TelemetryStore) {}

  @Get('plants/:plantId/devices/:deviceId')
  @UseGuards(KnownDevice)
  async device(
    @Param('plantId') plantId: string,
    @Param('deviceId') deviceId: string,
    @Query(zod(HistoryQuerySchema)) params: HistoryQueryParams,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<HistoryResponse | string> {
    const parsed = resolveHistoryQuery(params, Date.now());
    if ('problems' in parsed) throw badRequest(parsed.problems);
    const q = parsed.query;
    const sq = { plantId, deviceId, from: q.from, to: q.to, measurement: q.series, fields: q.fields };
    const rows =
      q.resolution === 'raw'
        ? rowsFromPoints(await this.store.points(sq))
        : rowsFromBuckets(await this.store.aggregate(sq, q.resolution));
    const body: HistoryResponse = {
      plantId,
      deviceId,
      series: q.series,
      from: q.from,
      to: q.to,
      resolution: q.resolution,
      fields: fieldsOf(rows),
      rows,
    };
    if (q.format === 'json') return body;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    const name = `${plantId}_${deviceId}_${q.series}_${q.resolution}.csv`.replace(/[^\w.-]/g, '_');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    return toCsv(body);
  }
}
