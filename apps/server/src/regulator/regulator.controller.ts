import { Controller, Get, Header, Query } from '@nestjs/common';
import { ComplianceQuerySchema, type ComplianceQuery, type ComplianceReport } from '#contracts';
import { complianceReport } from '#compliance';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import { DetectionRunner } from '../detection/detection.runner.js';
import { WebhookService } from './webhooks/webhook.service.js';
import { zod } from '../http/zod.pipe.js';

const query = zod(ComplianceQuerySchema);

/** The regulator's view: compliance figures across plants, and the state of their webhook deliveries. */
@Controller('api/regulator')
export class RegulatorController {
  constructor(
    private readonly fleet: FleetRegistry,
    private readonly detection: DetectionRunner,
    private readonly webhooks: WebhookService,
  ) {}

  @Get('compliance')
  compliance(@Query(query) { groupBy }: ComplianceQuery): ComplianceReport {
    return complianceReport({
      plants: this.fleet.plants(),
      devices: this.fleet.devices(),
      kpis: this.detection.kpis(),
      register: this.detection.register(),
      groupBy,
      now: Date.now(),
    });
  }

  /** The same rows as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese headers right). */
  @Get('compliance.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="compliance.csv"')
  complianceCsv(@Query(query) q: ComplianceQuery): string {
    const r = this.compliance(q);
    const { groupBy } = q;
    const head = [
      `${groupBy}`,
      'class 类别',
      'devices 设备数',
      'at 标杆',
      'at 基准',
      'below 基准',
      'no KPI 无数据',
      'capacity unit',
      'capacity ≥ 基准 share',
      'capacity 标杆 share',
      'meets targets 达标',
    ];
    const lines = r.rows.map((x) =>
      [
        x.group,
        x.class,
        x.devices.benchmark + x.devices.baseline + x.devices.below + x.devices.unknown,
        x.devices.benchmark,
        x.devices.baseline,
        x.devices.below,
        x.devices.unknown,
        x.capacityUnit,
        x.shareAtOrAboveBaseline.toFixed(4),
        x.shareAtBenchmark.toFixed(4),
        x.meetsTargets ? 'yes' : 'no',
      ].join(','),
    );
    return '\uFEFF' + [head.join(','), ...lines].join('\r\n') + '\r\n';
  }

  @Get('webhooks')
  webhookStatus(): ReturnType<WebhookService['status']> {
    return this.webhooks.status();
  }
}
