import { Injectable, Module } from '@nestjs/common';
import type { ActiveFault, KpiFaultMarker } from '#contracts';

/** Faults kept after they are cleared, for the KPI trend's markers; the oldest beyond this are forgotten. */
export const FAULT_LOG_MAX = 1000;

/**
 * The simulator's faults as markers on a unit's time axis: those injected into the demo plant (kept, with the time
 * they were cleared, up to FAULT_LOG_MAX) and those of the runs the simulator control holds (`source`).
 */
@Injectable()
export class FaultLog {
  private readonly log: ActiveFault[] = [];
  private readonly sources: Array<() => ActiveFault[]> = [];

  source(faults: () => ActiveFault[]): void {
    this.sources.push(faults);
  }

  injected(f: ActiveFault): void {
    this.log.push({ ...f });
    if (this.log.length > FAULT_LOG_MAX) this.log.splice(0, this.log.length - FAULT_LOG_MAX);
  }

  /** the demo plant's faults on `device` (all of them when absent) were cleared at `at` */
  cleared(device: string | undefined, at: number): void {
    for (const f of this.log) if ((!device || f.device === device) && f.to > at) f.to = at;
  }

  /** Faults on the unit that were active at some time in [from, to]. */
  between(plantId: string, deviceId: string, from: number, to: number): KpiFaultMarker[] {
    const seen = new Map<string, ActiveFault>();
    for (const f of [...this.sources.flatMap((s) => s()), ...this.log]) seen.set(f.id, f);
    return [...seen.values()]
      .filter((f) => f.device === deviceId && (!f.plant || f.plant === plantId) && f.from <= to && f.to >= from)
      .map((f) => ({ id: f.id, type: f.type, at: f.from, ...(Number.isFinite(f.to) ? { until: f.to } : {}) }));
  }
}

@Module({ providers: [FaultLog], exports: [FaultLog] })
export class FaultLogModule {}
