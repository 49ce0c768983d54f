import { MonitoringExportSchema, type MonitoringExport } from '#contracts';

/**
 * How an export is written for the receiving platform: the one place a site fills in. The national upload
 * interface (GB/T 37947.1-2019, 重点用能单位能耗在线监测系统 端设备数据传输接口) is not public, so qinwatt ships only its
 * own documented JSON; a site holding the standard writes a codec that maps `MonitoringExport` onto its codes and
 * provides it in place of this one (RegulatorModule's `IndicatorCodec` provider). Transport, signature, retries and
 * the delivery log stay as they are.
 */
export abstract class IndicatorCodec {
  /** named in the delivery log */
  abstract readonly name: string;
  /** the delivery's `data` */
  abstract encode(x: MonitoringExport): unknown;
}

/** qinwatt's own JSON: `MonitoringExport` of libs/contracts, checked against its schema before it is queued. */
export class QinwattJsonCodec extends IndicatorCodec {
  readonly name = 'qinwatt-json';
  encode(x: MonitoringExport): MonitoringExport {
    return MonitoringExportSchema.parse(x);
  }
}
