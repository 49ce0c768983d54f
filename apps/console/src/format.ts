import { METRICS, type MetricName } from '#contracts';

/** Formats a canonical value with a precision that suits its magnitude, and its unit. */
export function formatValue(m: MetricName, v: number | undefined): string {
  if (v === undefined) return '—';
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function unitOf(m: MetricName): string {
  const u = METRICS[m].canonical;
  return u === '1' ? '' : u;
}

/** The metrics a card shows for each class, most telling first. */
export const CARD_METRICS: Record<string, MetricName[]> = {
  motor: ['active_power', 'current', 'power_factor', 'voltage'],
  transformer: ['hv_power', 'lv_power', 'power_factor', 'oil_temperature'],
  boiler: ['steam_flow', 'fuel_flow', 'gas_flow', 'o2'],
  kiln: ['output_rate', 'fuel_flow', 'active_power', 'temperature'],
  compressor: ['active_power', 'air_flow', 'discharge_pressure'],
  pump: ['active_power', 'water_flow', 'head'],
  fan: ['active_power', 'air_flow'],
};
