import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { HistoryQuerySchema, type HistoryQueryParams, type HistoryResponse, type KpiHistoryResponse } from '#contracts';
import { profileFor } from '#equipment';
import { kpiBand } from '#detection';
import { DRIFT_Z } from '#contracts';
import { DetectionRunner } from '../detection/detection.runner.js';
import { FaultLog } from '../sim-control/fault-log.js';
import { AlertService } from '../alerts/alert.service.js';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { kpiSeries } from './kpi-series.js';
import { badRequest } from '../http/api-error.js';
import { zod } from '../http/zod.pipe.js';
import { KnownDevice } from '../fleet/known-device.guard.js';
import { TelemetryStore } from '../store/telemetry-store.js';
import { fieldsOf, resolveHistoryQuery, rowsFromBuckets, rowsFromPoints, toCsv } from './history-query.js';
import { ANY_ROLE, Roles } from '../auth/decorators.js';

/** The part of Express's response this controller touches (Nest passes Express's object). */
interface HeaderSink {
  setHeader(name: string, value: string): void;
}

/** A device's metrics or KPIs over a time range, from the TelemetryStore, as JSON or CSV. */
@Controller('api/history')
export class HistoryController {
  constructor(
    private readonly fleet: FleetRegistry,
    @Inject(TelemetryStore) private readonly store: TelemetryStore,
    private readonly alerts: AlertService,
    private readonly detection: DetectionRunner,
    private readonly faults: FaultLog,
  ) {}

  /** The unit's KPI from the telemetry rollups, with its class limit, and its alerts in the range as markers. */
  @Get('plants/:plantId/devices/:deviceId/kpi')
  @Roles(...ANY_ROLE)
  @UseGuards(KnownDevice)
  async kpi(
    @Param('plantId') plantId: string,
    @Param('deviceId') deviceId: string,
    @Query(zod(HistoryQuerySchema)) params: HistoryQueryParams,
  ): Promise<KpiHistoryResponse> {
    const device = this.fleet.device(plantId, deviceId)!;
    const parsed = resolveHistoryQuery(params, Date.now());
    if ('problems' in parsed) throw badRequest(parsed.problems);
    const q = parsed.query;
    const sq = { plantId, deviceId, from: q.from, to: q.to, measurement: q.series };
    const rows =
      q.resolution === 'raw'
        ? rowsFromPoints(await this.store.points(sq))
        : rowsFromBuckets(await this.store.aggregate(sq, q.resolution));
    const profile = profileFor(device);
    // the band the drift check judges against, from this process's learned baseline of the device
    const baseline = this.detection.baselineOf(plantId, deviceId);
    const band = baseline && ((means: readonly number[]) => kpiBand(baseline.ctx, baseline.drift, means));
    const series = kpiSeries(profile, rows, band);
    const reasons = new Set(series.map((r) => r.noBand));
    const probe = profile.kpi(new Array<number>(profile.channels.length).fill(1));
    return {
      plantId,
      deviceId,
      from: q.from,
      to: q.to,
      resolution: q.resolution,
      name: profile.kpiName,
      unit: probe.unit,
      higherIsBetter: probe.higherIsBetter,
      rows: series,
      band: {
        z: DRIFT_Z,
        ...(!baseline
          ? { reason: 'NO_BASELINE' }
          : reasons.size === 1 && !reasons.has(undefined)
            ? { reason: [...reasons][0] }
            : {}),
      },
      faults: this.faults.between(plantId, deviceId, q.from, q.to),
      markers: (await this.alerts.query({ plantId, deviceId }))
        .filter((a) => a.openedAt <= q.to && (a.clearedAt ?? a.updatedAt ?? q.to) >= q.from)
        .map((a) => ({
          id: a.id,
          rule: a.rule,
          priority: a.priority,
          at: a.openedAt,
          until: a.state === 'resolved' ? (a.clearedAt ?? a.updatedAt) : undefined,
        })),
    };
  }

  @Get('plants/:plantId/devices/:deviceId')
  @Roles(...ANY_ROLE)
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
