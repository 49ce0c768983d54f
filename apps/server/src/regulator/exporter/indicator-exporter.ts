import type { ExportDelivery, MonitoringExport } from '#contracts';

/**
 * The port to the provincial online energy-monitoring platforms: pushes one enterprise's closed day or month to
 * every platform that takes it. Resolves once each delivery is durable (a restart or an outage of the receiver loses
 * nothing); what became of it is in the delivery log.
 */
export abstract class IndicatorExporter {
  abstract push(x: MonitoringExport, plantIds: string[], only?: string[]): Promise<ExportDelivery[]>;
  /** the platforms that take this kind of export for these plants */
  abstract targets(kind: MonitoringExport['kind'], plantIds: string[]): string[];
}
