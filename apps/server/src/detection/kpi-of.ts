import type { DeviceKpi, Reading } from '#contracts';
import type { DetectorContext, KpiEvent } from '#detection';
import { energyRate } from '#equipment';

/** A KPI event as the console and REST show it: rounded, with the class limit, citation and energy rate. */
export function toKpi(ctx: DetectorContext, e: KpiEvent, r: Reading): DeviceKpi {
  const device = ctx.device;
  const k = e.kpi;
  const round = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? undefined : Number(v.toFixed(4)));
  const levels = k.levels
    ? Object.fromEntries(
        Object.entries(k.levels)
          .filter(([, v]) => v !== undefined)
          .map(([n, v]) => [n, round(v)]),
      )
    : undefined;
  const energy = energyRate(r);
  return {
    plantId: device.plantId,
    deviceId: device.id,
    class: device.class,
    ts: e.ts,
    name: ctx.profile.kpiName,
    value: round(k.value) ?? NaN,
    unit: k.unit,
    grade: k.grade,
    ndrc: k.ndrc,
    limit: round(k.limit),
    levels,
    higherIsBetter: k.higherIsBetter,
    unverified: k.cite !== undefined && k.cite.confidence !== 'confirmed',
    citation: k.cite ? `${k.cite.standard} (${k.cite.edition}) ${k.cite.table}` : undefined,
    drift: { phase: e.drift.phase, z: round(e.drift.z) },
    state: e.state,
    judgement: e.judgement,
    observable: ctx.profile.observable === true,
    energy: { kgcePerH: Number(energy.kgcePerH.toFixed(2)), kgCo2PerH: Number(energy.kgCo2PerH.toFixed(2)) },
  };
}
